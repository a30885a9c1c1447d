// One WebSocket to a driver, shared by every harness a spec worker starts. JSON-RPC IDs are
// multiplexed; every answer and event is checked against the protocol (protocol.ts), and a
// bad one fails the call or the harness it belongs to, naming the schema path. Every request
// has a deadline; a request that passes it makes the link ping the driver, and a driver that
// does not answer the ping, or whose connection ends, is gone: every pending and later call
// fails at once with the same one-line reason, so the rest of a run takes seconds, not timeouts.
import { WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import type { ClientEvent } from '../contract.ts';
import { SUITE, type SuiteIdentity } from '../../specs/suite.ts';
import {
  ERRORS,
  ErrorResponse,
  EventNotification,
  HandshakeResult,
  PROTOCOL_VERSION,
  defRef,
  describeIssue,
  preview,
  successOf,
  type Method,
  type ParamsOf,
  type ResultOf,
} from './protocol.ts';

/** A call to the driver failed: an error answer, an invalid message, a deadline, or the driver is gone. */
export class DriverError extends Error {
  override name = 'DriverError';
  constructor(
    message: string,
    /** The driver's JSON-RPC error, when it answered with one. */
    readonly rpc?: { code: number; message: string },
  ) {
    super(message);
  }
}

/** Where a harness's events and faults go: the harness that owns them (adapter.ts). */
export interface HarnessSink {
  event(client: string, event: ClientEvent): void;
  /** A protocol violation that belongs to this harness; it fails the harness's next call. */
  fault(message: string): void;
}

export interface LinkOptions {
  /** The deadline of a request made alone, the handshake included (RunConfig.timeoutMs). */
  timeoutMs: number;
  /**
   * What each request already waiting on the link adds to a new one's deadline (RunConfig.roundTripMs):
   * 200 logins sent at once are answered one after another by a driver, so a fixed deadline
   * would fail a correct driver on a loaded machine. The same rule as fixtures/checked-adapter.ts.
   */
  roundTripMs?: number;
  /** Who connects, in the handshake; this suite when not given. */
  suite?: SuiteIdentity;
}

interface Pending {
  method: Method;
  /** The whole answer: envelope and the method's result. */
  schema: z.ZodType;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const SCHEMA_HINT = 'npx im-conformance driver-schema';

// Built once per method: zod compiles a schema on its first use, which costs more than a round trip.
const ANSWERS = new Map<Method, z.ZodType>();
const answerSchema = (method: Method): z.ZodType => {
  let schema = ANSWERS.get(method);
  if (!schema) ANSWERS.set(method, (schema = successOf(method)));
  return schema;
};
const ANY_ANSWER = z.object({ jsonrpc: z.literal('2.0'), id: z.number(), result: z.unknown() });
/** A JSON object (not an array): what every protocol message is. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class DriverLink {
  /** Resolves once the handshake is done; rejects (with the reason) if it never is. */
  readonly ready: Promise<HandshakeResult>;
  /** The driver's handshake answer, once `ready` has resolved. */
  info: HandshakeResult | undefined;
  /** Set once the driver is gone: the one-line reason every later call fails with. */
  gone: string | undefined;
  /** Why it is gone, without the "driver at URL is gone: " in front. */
  goneBecause: string | undefined;

  private readonly socket: WebSocket;
  private opened = false;
  private lastError = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Requests that passed their deadline: a late answer to them is dropped, not a fault. */
  private readonly abandoned = new Set<number>();
  private readonly harnesses = new Map<string, HarnessSink>();
  /** Harnesses already stopped: events for them are late, and dropped. */
  private readonly ended = new Set<string>();
  /** Faults no harness owns yet, given to the next harness started. */
  private strays: string[] = [];
  private probing = false;
  private outbox: object[] = [];
  private readyFailed: (error: Error) => void = () => {};

  private constructor(
    readonly url: string,
    private readonly options: LinkOptions,
  ) {
    if (!/^wss?:\/\/[^/\s]+/.test(url)) throw new DriverError(`Expected a driver URL like ws://127.0.0.1:PORT but got "${url}"`);
    this.socket = new WebSocket(url, { handshakeTimeout: options.timeoutMs, perMessageDeflate: false });
    this.socket.on('error', (e) => (this.lastError = e.message));
    this.socket.on('close', (code, reason) => {
      const why = reason.length ? `: ${reason.toString()}` : '';
      this.die(this.opened ? `connection closed (code ${code}${why})` : `cannot connect${this.lastError ? ` (${this.lastError})` : ''}`);
    });
    this.socket.on('message', (data) => this.receive(data));
    this.ready = new Promise<HandshakeResult>((resolve, reject) => {
      this.readyFailed = reject;
      this.socket.once('open', () => {
        this.opened = true;
        this.handshake().then(resolve, reject);
      });
    });
    this.ready.catch(() => {}); // the reason is also in `gone`; callers await `ready` themselves
  }

  /** Connects and handshakes in the background: calls wait for `ready`. */
  static connect(url: string, options: LinkOptions): DriverLink {
    return new DriverLink(url, options);
  }

  /** Connects and handshakes; rejects with the reason when either fails. */
  static async open(url: string, options: LinkOptions): Promise<DriverLink> {
    const link = new DriverLink(url, options);
    await link.ready;
    return link;
  }

  private async handshake(): Promise<HandshakeResult> {
    const suite = this.options.suite ?? SUITE;
    let raw: unknown;
    try {
      raw = await this.send('handshake', { protocol: PROTOCOL_VERSION, suite }, ANY_ANSWER);
    } catch (e) {
      const rpc = e instanceof DriverError ? e.rpc : undefined;
      if (rpc?.code === ERRORS.protocolMismatch) this.die(`it refused driver protocol ${PROTOCOL_VERSION}: ${rpc.message}`);
      else this.die(`handshake failed: ${(e as Error).message}`);
      throw new DriverError(this.gone!);
    }
    // The version first: a driver of another version may answer in another shape.
    const protocol = isObject(raw) ? raw.protocol : undefined;
    if (typeof protocol === 'number' && protocol !== PROTOCOL_VERSION) {
      this.die(`it speaks driver protocol ${protocol}, this suite speaks ${PROTOCOL_VERSION} (see docs/driver-protocol.md)`);
      throw new DriverError(this.gone!);
    }
    const parsed = HandshakeResult.safeParse(raw);
    if (!parsed.success) {
      this.die(`its handshake answer is invalid: result.${describeIssue(parsed.error)} (schema ${defRef('HandshakeResult')}, ${SCHEMA_HINT}); got ${preview(raw)}`);
      throw new DriverError(this.gone!);
    }
    this.info = parsed.data;
    return parsed.data;
  }

  /** One request; resolves with its result, checked against the method's result schema. */
  request<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const send = () => this.send(method, params, answerSchema(method)) as Promise<ResultOf<M>>;
    if (this.gone) return Promise.reject(new DriverError(this.gone));
    // Sent synchronously once the handshake is done, so requests leave in the order they were made.
    return this.info ? send() : this.ready.then(send);
  }

  private send(method: Method, params: unknown, schema: z.ZodType, { probe = false, missedMs = 0 } = {}): Promise<unknown> {
    if (this.gone) return Promise.reject(new DriverError(this.gone));
    const id = this.nextId++;
    // A ping needs no SDK: half a deadline is plenty, and settles the question before the
    // next spec's first call would miss its own deadline. Both wait behind what is already pending.
    const load = this.pending.size * (this.options.roundTripMs ?? 0);
    const ms = Math.ceil((probe ? this.options.timeoutMs / 2 : this.options.timeoutMs) + load);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.abandoned.add(id);
        if (probe) {
          this.die(`it stopped answering (no answer to ping within ${ms} ms, after a request had none within ${missedMs} ms)`);
          return;
        }
        reject(new DriverError(`driver did not answer ${method} (request id ${id}) within ${ms} ms`));
        this.probe(ms);
      }, ms);
      this.pending.set(id, { method, schema, resolve, reject, timer });
      this.post({ jsonrpc: '2.0', id, method, params });
    });
  }

  /**
   * Requests made together go out together: everything posted before the suite next yields to
   * I/O leaves as one frame (a JSON-RPC batch when more than one), which the driver hands to
   * the SDK back to back. So calls a spec makes "at once" (a login and a call issued while it
   * is in flight) reach the SDK as they would in-process, before any reply of its server.
   */
  private post(message: object): void {
    this.outbox.push(message);
    if (this.outbox.length === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    const batch = this.outbox.splice(0);
    if (this.gone || batch.length === 0) return;
    this.socket.send(JSON.stringify(batch.length === 1 ? batch[0] : batch));
  }

  /** After a missed deadline: is the driver still there? A ping it must answer at once. */
  private probe(missedMs: number): void {
    if (this.probing || this.gone) return;
    this.probing = true;
    this.send('ping', {}, answerSchema('ping'), { probe: true, missedMs }).then(
      () => (this.probing = false),
      () => (this.probing = false),
    );
  }

  /** Events and faults of this harness go to `sink` until `unregister`. */
  register(harness: string, sink: HarnessSink): void {
    this.harnesses.set(harness, sink);
    for (const fault of this.strays.splice(0)) sink.fault(fault);
  }

  unregister(harness: string): void {
    this.harnesses.delete(harness);
    this.ended.add(harness);
  }

  /** Ends the link on purpose (no harness is left to fail). */
  close(): void {
    this.die('the suite closed the connection');
  }

  private die(detail: string): void {
    if (this.gone) return;
    this.goneBecause = detail;
    this.gone = `driver at ${this.url} is gone: ${detail}`;
    const error = new DriverError(this.gone);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
    this.readyFailed(error);
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.terminate();
  }

  private receive(data: RawData): void {
    const text = String(data);
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return this.stray(`driver sent a message that is not JSON: ${preview(text)}`);
    }
    if (isObject(message) && 'method' in message && !('id' in message)) return this.notification(message);
    if (isObject(message) && 'id' in message) return this.response(message);
    this.stray(`driver sent a message that is neither an answer (with "id") nor a notification (with "method" and no "id"): ${preview(message)} (${SCHEMA_HINT})`);
  }

  private response(message: Record<string, unknown>): void {
    const id = message.id;
    const pending = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!pending) {
      if (typeof id === 'number' && this.abandoned.delete(id)) return; // late: its caller has moved on
      return this.stray(`driver answered request ID ${preview(id)}, which the suite has not sent or already has an answer for: ${preview(message)}`);
    }
    this.pending.delete(id as number);
    clearTimeout(pending.timer);
    const call = `${pending.method} (request ${String(id)})`;
    if ('error' in message) {
      const parsed = ErrorResponse.safeParse(message);
      if (!parsed.success) {
        return pending.reject(new DriverError(`driver answered ${call} with an invalid error: ${describeIssue(parsed.error)} (schema ${defRef('ErrorResponse')}, ${SCHEMA_HINT}); got ${preview(message)}`));
      }
      const { code, message: text } = parsed.data.error;
      return pending.reject(new DriverError(`driver answered ${call} with error ${code}${code === ERRORS.sdkThrew ? ' (the SDK threw)' : ''}: ${text}`, { code, message: text }));
    }
    const parsed = pending.schema.safeParse(message) as z.ZodSafeParseResult<{ result: unknown }>;
    if (!parsed.success) {
      return pending.reject(new DriverError(`driver answered ${call} with an invalid message: ${describeIssue(parsed.error)} (schema ${defRef(`${pending.method}.response`)}, ${SCHEMA_HINT}); got ${preview(message)}`));
    }
    pending.resolve(parsed.data.result);
  }

  private notification(message: Record<string, unknown>): void {
    const parsed = EventNotification.safeParse(message);
    if (!parsed.success) {
      const params = message.params;
      const harness = isObject(params) && typeof params.harness === 'string' ? params.harness : undefined;
      const fault = `driver sent an invalid notification: ${describeIssue(parsed.error)} (schema ${defRef('EventNotification')}, ${SCHEMA_HINT}); got ${preview(message)}`;
      const sink = harness === undefined ? undefined : this.harnesses.get(harness);
      if (sink) return sink.fault(fault);
      if (harness !== undefined && this.ended.has(harness)) return;
      return this.stray(fault);
    }
    const { harness, client, event } = parsed.data.params;
    const sink = this.harnesses.get(harness);
    if (sink) return sink.event(client, event);
    if (this.ended.has(harness)) return; // sent after the harness was stopped: nobody listens any more
    this.stray(`driver sent an event for harness "${harness}", which it never started on this connection (notification client.event, params.harness): ${preview(message)}`);
  }

  /** A fault no harness owns for sure: every live harness fails with it (in a worker, the running spec's). */
  private stray(fault: string): void {
    if (this.harnesses.size === 0) this.strays.push(fault);
    for (const sink of this.harnesses.values()) sink.fault(fault);
  }
}
