// A correct implementation that is simply slow: the reference, with every client call, every
// server-side view, settle() and every event reaching the suite IMC_ANSWER_DELAY_MS later
// (default 100), as an SDK behind a slow link or on a loaded device would. It must pass every rule.
import type { Adapter, Client, Harness } from '../../adapters/contract.ts';
import reference from '../../adapters/reference/index.ts';

const delayMs = Number(process.env.IMC_ANSWER_DELAY_MS ?? 100);
const late = <T>(answer: Promise<T>): Promise<T> => answer.then((value) => new Promise<T>((resolve) => setTimeout(() => resolve(value), delayMs)));

/** Every method of `target` answers `delayMs` later; other members are read through. */
function answeringLate<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, key) {
      const value: unknown = Reflect.get(t, key, t);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => late(Promise.resolve((value as (...a: unknown[]) => unknown).apply(t, args)));
    },
  });
}

const adapter: Adapter = {
  ...reference,
  name: 'answers-late',
  async start(options) {
    const harness = await late(reference.start(options));
    const clients = new Map<Client, Client>();
    const calls = answeringLate(harness);
    const slow: Harness = {
      createClient: async (o) => {
        // Events come late too, in order.
        const client = await harness.createClient({ ...o, onEvent: (event) => setTimeout(() => o.onEvent(event), delayMs) });
        const wrapped = answeringLate(client);
        clients.set(wrapped, client);
        return late(Promise.resolve(wrapped));
      },
      issueSig: (...a) => calls.issueSig(...a),
      settle: () => calls.settle(),
      stop: () => calls.stop(),
    };
    if (harness.clock) slow.clock = answeringLate(harness.clock);
    if (harness.accounts) slow.accounts = answeringLate(harness.accounts);
    for (const view of ['onlineState', 'configure', 'kick', 'dailyActiveUsers'] as const) if (harness[view]) Object.assign(slow, { [view]: calls[view] });
    // Network faults name the client the suite holds: hand the harness its own.
    if (harness.network) {
      const network = harness.network;
      slow.network = {
        drop: (c) => late(network.drop(clients.get(c) ?? c)),
        hold: (c) => late(network.hold(clients.get(c) ?? c)),
        restore: (c) => late(network.restore(clients.get(c) ?? c)),
      };
    }
    return slow;
  },
};
export default adapter;
