// model: random sequences of operations across several clients, users and platforms; after
// every step, every observable of the implementation must equal the independent model's.
// Commands use only the capabilities the adapter declares.
import fc from 'fast-check';
import { describe } from 'vitest';
import { type Capability, type GatedApi, type LoginPolicy, type Platform } from '../adapters/contract.ts';
import type { CheckedClient } from '../fixtures/checked-adapter.ts';
import { TICKET_REJECTIONS, USER_ID_REJECTIONS } from '../fixtures/codes.ts';
import { LoginModel } from '../fixtures/model/login-model.ts';
import { POLICIES } from '../fixtures/model/policy.ts';
import { must, mustFail, mustMean, type Scene } from '../fixtures/scene.ts';
import { property, replayPathOf, spec } from '../fixtures/spec.ts';

interface Real {
  scene: Scene;
  clients: CheckedClient[];
  /** The users this sequence logs in: the server's view is observed for them after every step. */
  users: readonly string[];
}
type Command = fc.AsyncCommand<LoginModel, Real>;

const USERS = ['alice', 'Alice', 'bob'] as const;
const BAD_IDS = ['a.b', 'x'.repeat(33), '', 'ü'.repeat(11)] as const;
const MINUTE = 60_000;
/** How far the clock moves after a restore: past any reconnect backoff (see Scene.restore). */
const RESTORE_MINUTES = 1;

const label = (m: LoginModel, c: number) => `${m.clients[c]!.platform}#${c + 1}`;
const connected = (m: LoginModel, c: number) => m.clients[c]!.initialized && m.clients[c]!.linkUp;

/** A client by index, with the label counterexamples show (e.g. "android#2"). */
interface On {
  c: number;
  who: string;
}

abstract class Step implements Command {
  readonly c: number;
  readonly who: string;
  constructor(on: On) {
    this.c = on.c;
    this.who = on.who;
  }
  check(m: Readonly<LoginModel>): boolean {
    return this.c < m.clients.length && connected(m as LoginModel, this.c);
  }
  abstract run(m: LoginModel, r: Real): Promise<void>;
  abstract toString(): string;
}

class Login extends Step {
  constructor(on: On, readonly user: string, readonly ttlMinutes: number) {
    super(on);
  }
  async run(m: LoginModel, r: Real) {
    const client = r.clients[this.c]!;
    mustMean(await client.login(this.user, await r.scene.sig(this.user, { ttlSeconds: this.ttlMinutes * 60 })), m.login(this.c, this.user, this.ttlMinutes), `${this}`);
  }
  toString() {
    return `login(${this.user}@${this.who}, ticket ${this.ttlMinutes} min)`;
  }
}

/** A login the rules reject: it must leave the client logged out and create nothing. */
class RejectedLogin extends Step {
  constructor(on: On, readonly user: string, readonly why: 'other-user' | 'wrong-key' | 'empty' | 'bad-id') {
    super(on);
  }
  override check(m: Readonly<LoginModel>) {
    return super.check(m) && m.status(this.c) === 'logged-out';
  }
  async run(_m: LoginModel, r: Real) {
    const s = r.scene;
    const active = s.has('metrics') ? await s.harness.dailyActiveUsers() : 0;
    const sig = this.why === 'other-user' ? await s.sig(`${this.user}-other`) : this.why === 'wrong-key' ? await s.sig(this.user, { signWith: 'wrong-key' }) : this.why === 'empty' ? '' : await s.sig(this.user);
    mustFail(await r.clients[this.c]!.login(this.user, sig), this.why === 'bad-id' ? USER_ID_REJECTIONS : TICKET_REJECTIONS, `${this}`);
    // Invalid IDs are not among the users observed after every step: look at the account here.
    if (this.why === 'bad-id' && s.has('accounts')) must(!(await s.harness.accountExists(this.user)), `${this}: created an account`);
    if (s.has('metrics')) {
      const after = await s.harness.dailyActiveUsers();
      must(after === active, `${this}: daily active users went from ${active} to ${after}`);
    }
  }
  toString() {
    return `login(${JSON.stringify(this.user)}@${this.who}, ${this.why === 'bad-id' ? 'invalid ID' : `${this.why} ticket`})`;
  }
}

/** A ticket that expired before it was used. Moves time on by its validity and a minute. */
class ExpiredLogin extends Step {
  constructor(on: On, readonly user: string) {
    super(on);
  }
  override check(m: Readonly<LoginModel>) {
    return super.check(m) && m.status(this.c) === 'logged-out';
  }
  async run(m: LoginModel, r: Real) {
    const sig = await r.scene.sig(this.user, { ttlSeconds: 60 });
    await r.scene.harness.advanceClock(2 * MINUTE);
    m.advance(2);
    mustMean(await r.clients[this.c]!.login(this.user, sig), 'sig-expired', `${this}`);
  }
  toString() {
    return `login(${this.user}@${this.who}, expired ticket)`;
  }
}

/** Two logins of the same user at once on one instance: one session, nothing kicked. */
class RepeatedLogin extends Step {
  constructor(on: On, readonly user: string) {
    super(on);
  }
  override check(m: Readonly<LoginModel>) {
    return super.check(m) && m.status(this.c) === 'logged-out';
  }
  async run(m: LoginModel, r: Real) {
    const client = r.clients[this.c]!;
    const sig = await r.scene.sig(this.user);
    const first = client.login(this.user, sig);
    const status = client.getLoginStatus();
    const second = client.login(this.user, sig);
    const conversations = client.getConversationList();
    mustMean(await first, m.login(this.c, this.user, 24 * 60), `${this}: the first login`);
    mustMean(await second, ['ok', 'login-in-progress'], `${this}: the second login`);
    must((await status).data === 'logging-in', `${this}: status right after login was called is "${String((await status).data)}"; expected "logging-in"`);
    mustMean(await conversations, 'ok', `${this}: getConversationList() during the login`);
  }
  toString() {
    return `loginTwiceAtOnce(${this.user}@${this.who})`;
  }
}

/**
 * The same user logs in on several clients at once. Which login the server took last is not
 * for the suite to know, so the outcome must match the model for some order of them.
 */
class ConcurrentLogins implements Command {
  constructor(readonly on: On[], readonly user: string) {}
  check(m: Readonly<LoginModel>) {
    return this.on.every(({ c }) => c < m.clients.length && connected(m as LoginModel, c)) && new Set(this.on.map((o) => o.c)).size === this.on.length;
  }
  async run(m: LoginModel, r: Real) {
    const sigs = await Promise.all(this.on.map(() => r.scene.sig(this.user)));
    const answers = await Promise.all(this.on.map(({ c }, i) => r.clients[c]!.login(this.user, sigs[i]!)));
    for (const [i, a] of answers.entries()) mustMean(a, 'ok', `${this}: the login on ${this.on[i]!.who}`);
    const seen = await observe(m, r);
    const orders = permutations(this.on.map((o) => o.c));
    for (const order of orders) {
      const candidate = m.copy();
      for (const c of order) candidate.login(c, this.user, 24 * 60);
      if (difference(candidate, seen) === undefined) return m.assign(candidate);
    }
    const first = m.copy();
    for (const { c } of this.on) first.login(c, this.user, 24 * 60);
    must(false, `${this}: no order of the concurrent logins explains the outcome (in the given order: ${difference(first, seen)})`);
  }
  toString() {
    return `loginAtOnce(${this.user}@${this.on.map((o) => o.who).join('+')})`;
  }
}

const permutations = <T,>(xs: readonly T[]): T[][] => (xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest])));

/** A network blip: the link drops and comes back; the client must be back as it was. */
class Blip extends Step {
  async run(m: LoginModel, r: Real) {
    m.drop(this.c);
    await r.scene.harness.network('drop', r.clients[this.c]!);
    await comeBack(m, r, this.c);
  }
  toString() {
    return `blip(${this.who})`;
  }
}

class Logout extends Step {
  async run(m: LoginModel, r: Real) {
    m.logout(this.c);
    mustMean(await r.clients[this.c]!.logout(), ['ok', 'not-logged-in'], `${this}`);
  }
  toString() {
    return `logout(${this.who})`;
  }
}

class UnInitAndInit extends Step {
  async run(m: LoginModel, r: Real) {
    const client = r.clients[this.c]!;
    m.unInit(this.c);
    mustMean(await client.unInit(), 'ok', `${this}: unInit()`);
    mustFail(await client.getLoginStatus(), ['not-initialized'], `${this}: getLoginStatus() after unInit`);
    const user = r.users[0]!;
    mustFail(await client.login(user, await r.scene.sig(user)), ['not-initialized'], `${this}: login() after unInit`);
    m.init(this.c);
    mustMean(await client.init(), 'ok', `${this}: init()`);
  }
  toString() {
    return `unInit+init(${this.who})`;
  }
}

class Gated extends Step {
  constructor(on: On, readonly api: GatedApi) {
    super(on);
  }
  async run(m: LoginModel, r: Real) {
    const expected = m.gated(this.c);
    const reply = await r.clients[this.c]!.callGated(this.api, this.api === 'sendMessage' ? { to: 'bob', text: 'hi' } : undefined);
    if (expected === 'ok') mustMean(reply, 'ok', `${this}`);
    else mustFail(reply, [expected], `${this}`);
  }
  toString() {
    return `${this.api}(${this.who})`;
  }
}

class Drop extends Step {
  async run(m: LoginModel, r: Real) {
    m.drop(this.c);
    await r.scene.harness.network('drop', r.clients[this.c]!);
  }
  toString() {
    return `drop(${this.who})`;
  }
}

/** The link comes back: the model and the implementation both move past the reconnect backoff. */
async function comeBack(m: LoginModel, r: Real, c: number): Promise<void> {
  m.restore(c);
  m.advance(RESTORE_MINUTES);
  await r.scene.restore(r.clients[c]!);
}

class Restore extends Step {
  override check(m: Readonly<LoginModel>) {
    return this.c < m.clients.length && !m.clients[this.c]!.linkUp;
  }
  async run(m: LoginModel, r: Real) {
    await comeBack(m, r, this.c);
  }
  toString() {
    return `restore(${this.who})`;
  }
}

/** The device is away for a while (a tunnel, a flight): its link is down while time passes. */
class Away extends Step {
  constructor(on: On, readonly minutes: number) {
    super(on);
  }
  async run(m: LoginModel, r: Real) {
    m.drop(this.c);
    await r.scene.harness.network('drop', r.clients[this.c]!);
    m.advance(this.minutes);
    await r.scene.harness.advanceClock(this.minutes * MINUTE);
    await comeBack(m, r, this.c);
  }
  toString() {
    return `away(${this.who}, ${this.minutes} min)`;
  }
}

class Advance implements Command {
  constructor(readonly minutes: number) {}
  check() {
    return true;
  }
  async run(m: LoginModel, r: Real) {
    m.advance(this.minutes);
    await r.scene.harness.advanceClock(this.minutes * MINUTE);
  }
  toString() {
    return `advance(${this.minutes} min)`;
  }
}

class Configure implements Command {
  constructor(readonly policy: LoginPolicy, readonly limits: Partial<Record<Platform, number>>) {}
  check() {
    return true;
  }
  async run(m: LoginModel, r: Real) {
    const settings = { policy: this.policy, maxInstances: this.limits };
    const accepted = m.configure(settings);
    const reply = await r.scene.harness.configure(settings);
    must((reply.meaning === 'ok') === accepted, `${this} answered ${reply.code} (${reply.meaning}); expected it ${accepted ? 'accepted' : 'refused'}`);
  }
  toString() {
    return `configure(${this.policy}, ${JSON.stringify(this.limits)})`;
  }
}

class AdminKick implements Command {
  constructor(readonly user: string) {}
  check() {
    return true;
  }
  async run(m: LoginModel, r: Real) {
    m.adminKick(this.user);
    mustMean(await r.scene.harness.kick(this.user), 'ok', `${this}`);
  }
  toString() {
    return `adminKick(${this.user})`;
  }
}

/** What the implementation shows after a step: each client's events and state, the server's view. */
interface Observed {
  clients: { kicks: number; expiries: number; status?: unknown; user?: unknown }[];
  online: Record<string, Partial<Record<Platform, number>>>;
  accounts: Record<string, boolean>;
}

async function observe(m: LoginModel, r: Real): Promise<Observed> {
  await r.scene.settle();
  // Independent reads, all at once: over a slow link a step costs one round trip to observe, not dozens.
  const clients = await Promise.all(
    m.clients.map(async (mc, c): Promise<Observed['clients'][number]> => {
      const client = r.clients[c]!;
      const seen: Observed['clients'][number] = { kicks: client.eventsOf('kickedOffline').length, expiries: client.eventsOf('userSigExpired').length };
      // An away client cannot know yet what the server did; an uninitialised one has no state.
      if (mc.linkUp && mc.initialized) [seen.status, seen.user] = (await Promise.all([client.getLoginStatus(), client.getLoginUser()])).map((a) => a.data);
      return seen;
    }),
  );
  const perUser = async <T>(has: boolean, read: (user: string) => Promise<T>) => (has ? Object.fromEntries(await Promise.all(r.users.map(async (u) => [u, await read(u)] as const))) : {});
  const [online, accounts] = await Promise.all([perUser(r.scene.has('online-state'), (u) => r.scene.harness.onlineState(u)), perUser(r.scene.has('accounts'), (u) => r.scene.harness.accountExists(u))]);
  return { clients, online, accounts };
}

/** The first difference between what was observed and what the model says, if any. */
function difference(m: LoginModel, seen: Observed): string | undefined {
  for (const [c, mc] of m.clients.entries()) {
    const o = seen.clients[c]!;
    const who = label(m, c);
    if (o.kicks !== mc.kicks) return `${who} saw ${o.kicks} kickedOffline; the model says ${mc.kicks}`;
    if (o.expiries !== mc.expiries) return `${who} saw ${o.expiries} userSigExpired; the model says ${mc.expiries}`;
    if ('status' in o && o.status !== m.status(c)) return `${who} status "${String(o.status)}"; the model says "${m.status(c)}"`;
    if ('user' in o && o.user !== m.user(c)) return `${who} getLoginUser ${JSON.stringify(o.user)}; the model says ${JSON.stringify(m.user(c))}`;
  }
  for (const [user, online] of Object.entries(seen.online)) {
    const expected = m.online(user);
    if (JSON.stringify(sorted(online)) !== JSON.stringify(sorted(expected))) return `${user} online: ${JSON.stringify(online)}; the model says ${JSON.stringify(expected)}`;
  }
  for (const [user, exists] of Object.entries(seen.accounts)) {
    if (exists !== m.accounts.has(user)) return `account ${JSON.stringify(user)} ${exists ? 'exists' : 'is missing'}; the model says ${m.accounts.has(user) ? 'exists' : 'missing'}`;
  }
  return undefined;
}

/** After every step: each connected client, the server's view, and the accounts, against the model. */
async function mustAgree(m: LoginModel, r: Real, after: string): Promise<void> {
  const diff = difference(m, await observe(m, r));
  must(diff === undefined, `after ${after}: ${diff}`);
}

const sorted = (o: Partial<Record<string, number>>) => Object.fromEntries(Object.entries(o).filter(([, n]) => n).sort());

/** Wraps every command so the comparison runs after it, naming it in any failure. */
function checked(command: Command): Command {
  return {
    check: (m) => command.check(m),
    run: async (m, r) => {
      await command.run(m, r);
      await mustAgree(m, r, `${command}`);
    },
    toString: () => command.toString(),
  };
}

/** One kind of step, with how often it is drawn when enabled (logins drive most interactions). */
interface Kind {
  name: string;
  weight: number;
  arbitrary: fc.Arbitrary<Command>;
}

function kindsFor(has: (c: Capability) => boolean, platforms: readonly Platform[], users: readonly string[], gatedApis: readonly GatedApi[]): Kind[] {
  const client: fc.Arbitrary<On> = fc.nat(platforms.length - 1).map((c) => ({ c, who: `${platforms[c]}#${c + 1}` }));
  const user = fc.constantFrom(...users);
  const kind = (name: string, weight: number, arbitrary: fc.Arbitrary<Command>): Kind => ({ name, weight, arbitrary });
  const ttl = has('virtual-clock') ? fc.constantFrom(24 * 60, 5, 30) : fc.constant(24 * 60);
  const kinds: Kind[] = [
    kind('login', 3, fc.tuple(client, user, ttl).map(([c, u, t]) => new Login(c, u, t))),
    kind('rejected', 1, fc.tuple(client, user, fc.constantFrom('other-user', 'wrong-key', 'empty') as fc.Arbitrary<'other-user' | 'wrong-key' | 'empty'>).map(([c, u, why]) => new RejectedLogin(c, u, why))),
    kind('bad-id', 1, fc.tuple(client, fc.constantFrom(...BAD_IDS)).map(([c, id]) => new RejectedLogin(c, id, 'bad-id'))),
    kind('repeated', 1, fc.tuple(client, user).map(([c, u]) => new RepeatedLogin(c, u))),
    kind('logout', 1, client.map((c) => new Logout(c))),
    kind('uninit', 1, client.map((c) => new UnInitAndInit(c))),
    kind('gated', 1, fc.tuple(client, fc.constantFrom(...gatedApis)).map(([c, api]) => new Gated(c, api))),
  ];
  if (has('virtual-clock')) kinds.push(kind('advance', 1, fc.constantFrom(1, 4, 10, 60).map((n) => new Advance(n))), kind('expired', 1, fc.tuple(client, user).map(([c, u]) => new ExpiredLogin(c, u))));
  if (has('network-faults')) kinds.push(kind('drop', 1, client.map((c) => new Drop(c))), kind('restore', 2, client.map((c) => new Restore(c))), kind('blip', 2, client.map((c) => new Blip(c))));
  if (has('network-faults') && has('virtual-clock')) kinds.push(kind('away', 1, fc.tuple(client, fc.constantFrom(4, 10, 60)).map(([c, n]) => new Away(c, n))));
  if (platforms.length >= 2) {
    const several = fc.uniqueArray(client, { minLength: 2, maxLength: Math.min(3, platforms.length), selector: (o) => o.c });
    kinds.push(kind('concurrent', 1, fc.tuple(several, user).map(([on, u]) => new ConcurrentLogins(on, u))));
  }
  if (has('login-policy')) {
    const limits = fc.record({ web: fc.integer({ min: 0, max: 11 }), android: fc.integer({ min: 1, max: 4 }), iphone: fc.integer({ min: 1, max: 3 }) }, { requiredKeys: [] });
    kinds.push(kind('configure', 1, fc.tuple(fc.constantFrom(...POLICIES), limits).map(([p, l]) => new Configure(p, l))));
  }
  if (has('admin-kick')) kinds.push(kind('admin-kick', 2, user.map((u) => new AdminKick(u))));
  return kinds;
}

/**
 * Swarm testing (Groce et al., ISSTA 2012): each sequence draws from a random subset of the step
 * kinds, not from all of them. Leaving kinds out lets the others pile up into the deep states
 * rare bugs need (no logout for a while: three instances of one user; no restore: expiry while
 * away), which a mix of every kind in every sequence keeps washing away. Logins are always in.
 */
function swarmCommands(kinds: readonly Kind[], replayPath: string | undefined): fc.Arbitrary<Iterable<Command>> {
  const optional = kinds.filter((k) => k.name !== 'login');
  return fc.subarray(optional).chain((enabled) => {
    const chosen = [...kinds.filter((k) => k.name === 'login'), ...enabled];
    const step = fc.oneof(...chosen.map((k) => ({ arbitrary: k.arbitrary.map(checked), weight: k.weight })));
    return fc.commands([step], { maxCommands: 30, size: 'medium', ...(replayPath ? { replayPath } : {}) });
  });
}

describe('model', () => {
  spec('model.sequences', 'random sequences of operations on several clients agree with the model after every step', async (s, ctx) => {
    const has = (c: Capability) => s.has(c);
    const replayPath = replayPathOf(s.config);
    // Up to five clients on one to three platforms, so instances meet on a platform (and kick) often.
    const few = (['android', 'iphone', 'web'] as const).filter((p) => s.platforms.includes(p));
    const platforms = fc
      .subarray<Platform>(few.length ? few : [s.platforms[0]!], { minLength: 1 })
      .chain((kinds) => fc.array(fc.constantFrom(...kinds), { minLength: 2, maxLength: 5 }));
    // One user piles instances up (limits, kicks); several meet the case-sensitivity of IDs.
    const users = fc.subarray<string>([...USERS], { minLength: 1 });
    // Where the console can be set, most sequences start from their own policy and limits
    // (small ones: five clients can only go past a limit of four).
    const settings = has('login-policy')
      ? fc.option(fc.record({ policy: fc.constantFrom(...POLICIES), maxInstances: fc.record({ android: fc.integer({ min: 1, max: 3 }), iphone: fc.integer({ min: 1, max: 3 }), web: fc.integer({ min: 1, max: 4 }) }) }), { nil: undefined })
      : fc.constant(undefined);
    const scenario = fc.tuple(platforms, users).chain(([ps, us]) =>
      fc.record({
        platforms: fc.constant(ps),
        users: fc.constant(us),
        settings,
        commands: swarmCommands(kindsFor(has, ps, us, s.adapter.gatedApis), replayPath),
      }),
    );
    await property(ctx, scenario, async ({ platforms: ps, users: us, settings: initial, commands }, scene) => {
      const clients: CheckedClient[] = [];
      for (const p of ps) clients.push(await scene.client(p));
      const model = new LoginModel(ps);
      if (initial) {
        model.configure(initial);
        await scene.configure(initial);
      }
      await fc.asyncModelRun(() => ({ model, real: { scene, clients, users: us } }), commands);
    }, { runs: 50 });
  });
});
