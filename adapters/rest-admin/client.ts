// A small typed client for the Tencent Cloud Chat REST admin API (account_import,
// account_check, account_delete, kick, query_online_status): usable against the real service
// or any server in its shape. Every answer is checked with zod; a refusal (ActionStatus FAIL)
// throws RestAdminError with ErrorCode and ErrorInfo (RestAdminAuthError when the admin's
// credentials were refused), an answer of the wrong shape throws RestAdminResponseError naming
// the field. Lists longer than one request takes are split and the answers joined in order;
// a rate-limit answer is retried with exponential backoff. Knows nothing of any particular server.
import { randomInt } from 'node:crypto';
// The modules themselves, not named imports: request() is looked up at call time, so a
// request interceptor (msw in the self-tests) sees these requests too.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { z } from 'zod';

/** One POST of a JSON body; resolves with the status and the body text, whatever the status. */
export type Transport = (url: URL, body: string) => Promise<{ status: number; text: string }>;

/**
 * The default: node:http(s) with keep-alive (several times cheaper per call than fetch). A request
 * with no answer within `timeoutMs` fails (naming the API, never the URL's usersig) rather than hang.
 * `connect` opens the connections instead of TCP (an in-memory one to a server in the same process).
 */
export function nodeTransport({ timeoutMs = 30_000, connect }: { timeoutMs?: number; connect?: () => Duplex } = {}): Transport {
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  if (connect) agents['http:'].createConnection = connect;
  const send = (url: URL, body: string, retried: boolean): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const options = { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } };
      const onResponse = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      };
      // A retry goes on a connection of its own: the pool may hold more sockets the server closed.
      const agent = retried ? false : agents[url.protocol === 'https:' ? 'https:' : 'http:'];
      const req = url.protocol === 'https:' ? https.request(url, { ...options, agent }, onResponse) : http.request(url, { ...options, agent }, onResponse);
      req.on('error', (e: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed just as it was reused: the request never reached
        // the server, so it is sent once more, on a fresh connection (as Node's documentation advises).
        if (req.reusedSocket && e.code === 'ECONNRESET' && !retried) send(url, body, true).then(resolve, reject);
        else reject(e);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${url.origin}${url.pathname} within ${timeoutMs} ms`)));
      req.end(body);
    });
  return (url, body) => send(url, body, false);
}

/** A transport over a fetch function (the global one, or a test double). */
export function fetchTransport(fetch: typeof globalThis.fetch = globalThis.fetch): Transport {
  return async (url, body) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, text: await response.text() };
  };
}

export interface RestAdminOptions {
  /** Where the API lives, e.g. https://adminapisgp.im.qcloud.com (no trailing /v4). */
  baseUrl: string;
  sdkAppId: number;
  /** The app admin account the requests are made as, e.g. "administrator". */
  identifier: string;
  /** A UserSig for `identifier`; asked for on every request, so it can renew an expiring one. */
  userSig: () => string | Promise<string>;
  /** How requests are sent: nodeTransport() by default, or fetchTransport(fetch). */
  transport?: Transport;
  /** Backoff on a rate-limit answer (RATE_LIMIT_CODES). */
  retry?: RetryOptions;
}

export interface RetryOptions {
  /** Retries after the first try (default 5): 6 tries in all. */
  retries?: number;
  /** The first wait (default 1000 ms: the documented limits are per second); doubled each time. */
  initialDelayMs?: number;
  /** No wait is longer (default 16 000 ms). */
  maxDelayMs?: number;
  /** How a wait is done; tests pass one that records and returns at once. */
  delay?: (ms: number) => Promise<void>;
}

export const API = {
  accountImport: 'v4/im_open_login_svc/account_import',
  accountCheck: 'v4/im_open_login_svc/account_check',
  accountDelete: 'v4/im_open_login_svc/account_delete',
  kick: 'v4/im_open_login_svc/kick',
  queryOnlineStatus: 'v4/openim/query_online_status',
} as const;

/** The most accounts one request may carry (the documented limits); longer lists are split. */
export const BATCH_LIMITS = { accountCheck: 100, accountDelete: 100, queryOnlineStatus: 500 } as const;

/** The documented "too many requests" codes (REST call rate, SDKAppID rate, "too frequent, retry later"). */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([60007, 60011, 60018, 60019]);

/**
 * The documented codes that refuse the request's credentials (sdkappid, identifier, usersig),
 * with what each means. Retrying cannot help: the message says what to check instead.
 */
export const AUTH_CODES: Readonly<Record<number, string>> = {
  60004: 'the identifier or usersig is wrong',
  60005: 'the identifier or usersig is wrong',
  60006: 'the SDKAppID is not valid',
  60010: 'the identifier is not an app admin',
  60012: 'the SDKAppID is missing',
  60016: 'the SDKAppID is disabled',
  70001: 'the admin UserSig has expired',
  70002: 'the admin UserSig is empty',
  70003: 'the admin UserSig did not verify',
  70005: 'the admin UserSig did not verify',
  70009: 'the admin UserSig was signed with a key that is not this SDKAppID\'s',
  70013: 'the admin UserSig was issued for another identifier',
  70014: 'the admin UserSig was issued for another SDKAppID',
  70016: 'the app has no signing key yet',
  70020: 'the SDKAppID is unknown here',
  70052: 'the admin UserSig has been invalidated',
  70403: 'the request needs an app admin identifier',
};
const AUTH_ADVICE = 'check the SDKAppID, that the identifier is an app admin, the key the UserSig is signed with, the region (host) and this machine\'s clock';

/** What every answer carries. */
export const Envelope = z.object({
  ActionStatus: z.enum(['OK', 'FAIL']),
  ErrorCode: z.number().int(),
  ErrorInfo: z.string().default(''),
});
export type Envelope = z.infer<typeof Envelope>;

export const AccountCheckItem = z.object({
  UserID: z.string(),
  ResultCode: z.number().int(),
  ResultInfo: z.string().default(''),
  // Only for an item checked successfully (ResultCode 0).
  AccountStatus: z.enum(['Imported', 'NotImported']).optional(),
});
export type AccountCheckItem = z.infer<typeof AccountCheckItem>;
export const AccountCheckResponse = Envelope.extend({ ResultItem: z.array(AccountCheckItem) });

export const KickResponse = Envelope;
export const AccountImportResponse = Envelope;

export const AccountDeleteItem = z.object({ UserID: z.string(), ResultCode: z.number().int(), ResultInfo: z.string().default('') });
export type AccountDeleteItem = z.infer<typeof AccountDeleteItem>;
export const AccountDeleteResponse = Envelope.extend({ ResultItem: z.array(AccountDeleteItem) });

export const OnlineStatus = z.enum(['Online', 'PushOnline', 'Offline']);
export type OnlineStatus = z.infer<typeof OnlineStatus>;
export const QueryResultItem = z.preprocess(
  // Some versions of the documentation spell the field State; the service answers Status.
  (v) => (v !== null && typeof v === 'object' && !('Status' in v) && 'State' in v ? { ...v, Status: (v as { State: unknown }).State } : v),
  z.object({
    To_Account: z.string(),
    Status: OnlineStatus,
    /** With IsNeedDetail: 1, one entry per online instance. */
    Detail: z.array(z.object({ Platform: z.string(), Status: OnlineStatus })).optional(),
  }),
);
export type QueryResultItem = z.infer<typeof QueryResultItem>;
export const QueryErrorItem = z.object({ To_Account: z.string(), ErrorCode: z.number().int() });
export type QueryErrorItem = z.infer<typeof QueryErrorItem>;
export const QueryOnlineStatusResponse = Envelope.extend({
  QueryResult: z.array(QueryResultItem).default([]),
  // Accounts that could not be queried, e.g. 70107: never imported.
  ErrorList: z.array(QueryErrorItem).default([]),
});

/** The service refused the request: ActionStatus FAIL. */
export class RestAdminError extends Error {
  override name = 'RestAdminError';
  constructor(
    readonly api: string,
    readonly errorCode: number,
    readonly errorInfo: string,
    /** Appended to the message: what the code means and what to do. */
    hint?: string,
  ) {
    super(`${api} failed with ErrorCode ${errorCode}${errorInfo ? `: ${errorInfo}` : ''}${hint ? ` (${hint})` : ''}`);
  }
}

/** The admin's credentials were refused (AUTH_CODES): the message names the code, the API and what to check. */
export class RestAdminAuthError extends RestAdminError {
  override name = 'RestAdminAuthError';
  constructor(api: string, errorCode: number, errorInfo: string) {
    super(api, errorCode, errorInfo, `${AUTH_CODES[errorCode] ?? 'credentials refused'}: ${AUTH_ADVICE}`);
  }
}

/** The answer is not what the API documents (not JSON, a field missing or of the wrong type). */
export class RestAdminResponseError extends Error {
  override name = 'RestAdminResponseError';
  constructor(
    readonly api: string,
    message: string,
  ) {
    super(`${api}: ${message}`);
  }
}

export class RestAdminClient {
  readonly #options: RestAdminOptions;
  readonly #transport: Transport;
  readonly #retry: Required<RetryOptions>;

  constructor(options: RestAdminOptions) {
    if (!Number.isInteger(options.sdkAppId) || options.sdkAppId <= 0) throw new RangeError(`Expected an SDKAppID but got ${options.sdkAppId}`);
    if (!options.identifier) throw new RangeError('Expected an admin identifier but got an empty one');
    new URL(options.baseUrl); // throws on a malformed base URL, now rather than on the first call
    this.#options = options;
    this.#transport = options.transport ?? nodeTransport();
    const { retries = 5, initialDelayMs = 1000, maxDelayMs = 16_000, delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = options.retry ?? {};
    this.#retry = { retries, initialDelayMs, maxDelayMs, delay };
  }

  /** Creates the account (importing an existing one again is harmless). */
  async accountImport(userId: string, profile: { nick?: string; faceUrl?: string } = {}): Promise<void> {
    const body = { UserID: userId, ...(profile.nick !== undefined ? { Nick: profile.nick } : {}), ...(profile.faceUrl !== undefined ? { FaceUrl: profile.faceUrl } : {}) };
    await this.post(API.accountImport, body, AccountImportResponse);
  }

  /** Which of these accounts exist (AccountStatus "Imported"), in request order, 100 per request. */
  async accountCheck(userIds: readonly string[]): Promise<AccountCheckItem[]> {
    return this.inBatches(userIds, BATCH_LIMITS.accountCheck, async (batch) => {
      const { ResultItem } = await this.post(API.accountCheck, { CheckItem: batch.map((UserID) => ({ UserID })) }, AccountCheckResponse);
      return ResultItem;
    });
  }

  /** Deletes the accounts, 100 per request; one item per account, in request order (ResultCode 70107: there was none). */
  async accountDelete(userIds: readonly string[]): Promise<AccountDeleteItem[]> {
    return this.inBatches(userIds, BATCH_LIMITS.accountDelete, async (batch) => {
      const { ResultItem } = await this.post(API.accountDelete, { DeleteItem: batch.map((UserID) => ({ UserID })) }, AccountDeleteResponse);
      return ResultItem;
    });
  }

  /** Ends every login of the account (invalidates its login state). */
  async kick(userId: string): Promise<void> {
    await this.post(API.kick, { UserID: userId }, KickResponse);
  }

  /** Online status of the accounts, 500 per request; with `detail`, one Detail entry per online instance. */
  async queryOnlineStatus(userIds: readonly string[], { detail = true }: { detail?: boolean } = {}): Promise<{ results: QueryResultItem[]; errors: QueryErrorItem[] }> {
    const answers = await this.inBatches(userIds, BATCH_LIMITS.queryOnlineStatus, async (batch) => [
      await this.post(API.queryOnlineStatus, { To_Account: batch, ...(detail ? { IsNeedDetail: 1 } : {}) }, QueryOnlineStatusResponse),
    ]);
    return { results: answers.flatMap((a) => a.QueryResult), errors: answers.flatMap((a) => a.ErrorList) };
  }

  /** One request per `size` items, one after another (the limits are per second), the answers joined in order. */
  private async inBatches<T>(items: readonly string[], size: number, send: (batch: string[]) => Promise<T[]>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < items.length; i += size) out.push(...(await send(items.slice(i, i + size))));
    return out;
  }

  /**
   * One call: POST `api` (e.g. "v4/openim/query_online_status") with the common URL
   * parameters and `body` as JSON; the answer checked with `schema` (which should extend
   * Envelope). A rate-limit answer is retried after 1 s, 2 s, 4 s, … (RetryOptions). Throws
   * RestAdminAuthError when the credentials are refused, RestAdminError on any other
   * ActionStatus FAIL (a rate limit too, once the retries are spent), RestAdminResponseError on a bad answer.
   */
  async post<S extends z.ZodType<Envelope>>(api: string, body: unknown, schema: S): Promise<z.infer<S>> {
    const { retries, initialDelayMs, maxDelayMs, delay } = this.#retry;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.postOnce(api, body, schema);
      } catch (e) {
        if (!(e instanceof RestAdminError) || !RATE_LIMIT_CODES.has(e.errorCode)) throw e;
        if (attempt >= retries) throw new RestAdminError(api, e.errorCode, e.errorInfo, `still rate-limited after ${attempt + 1} tries`);
        await delay(Math.min(maxDelayMs, initialDelayMs * 2 ** attempt));
      }
    }
  }

  private async postOnce<S extends z.ZodType<Envelope>>(api: string, body: unknown, schema: S): Promise<z.infer<S>> {
    const url = new URL(api.replace(/^\/+/, ''), this.#options.baseUrl.endsWith('/') ? this.#options.baseUrl : `${this.#options.baseUrl}/`);
    const userSig = await this.#options.userSig();
    url.searchParams.set('sdkappid', String(this.#options.sdkAppId));
    url.searchParams.set('identifier', this.#options.identifier);
    url.searchParams.set('usersig', userSig);
    url.searchParams.set('random', String(randomInt(0, 0xffff_ffff)));
    url.searchParams.set('contenttype', 'json');
    const { status, text: raw } = await this.#transport(url, JSON.stringify(body));
    // The ticket is a credential: a server that echoes it back does not get it into our messages.
    const text = userSig ? raw.split(userSig).join('[usersig]') : raw;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new RestAdminResponseError(api, `expected a JSON answer but got HTTP ${status} ${JSON.stringify(text.slice(0, 200))}`);
    }
    // A refusal is read from the envelope alone: its other fields are absent.
    const envelope = Envelope.safeParse(json);
    if (envelope.success && (envelope.data.ActionStatus === 'FAIL' || envelope.data.ErrorCode !== 0)) {
      const { ErrorCode, ErrorInfo } = envelope.data;
      throw ErrorCode in AUTH_CODES ? new RestAdminAuthError(api, ErrorCode, ErrorInfo) : new RestAdminError(api, ErrorCode, ErrorInfo);
    }
    if (status < 200 || status > 299) throw new RestAdminResponseError(api, `expected HTTP 200 but got ${status} ${JSON.stringify(text.slice(0, 200))}`);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new RestAdminResponseError(api, describeIssue(parsed.error, json));
    return parsed.data as z.infer<S>;
  }
}

/** "field QueryResult.0.Status: <zod's message> (got "Away")": the first issue, with the field's path and value. */
function describeIssue(error: z.ZodError, json: unknown): string {
  const issue = error.issues[0];
  if (!issue) return 'the answer does not match the documented shape';
  const path = issue.path.map(String);
  let value: unknown = json;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  const field = path.length > 0 ? `field ${path.join('.')}` : 'the answer';
  return `${field}: ${issue.message} (got ${value === undefined ? 'nothing' : JSON.stringify(value)})`;
}
