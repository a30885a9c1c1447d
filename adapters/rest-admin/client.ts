// A small typed client for the Tencent Cloud Chat REST admin API (account_check, kick,
// query_online_status): usable against the real service or any server in its shape.
// Every answer is checked with zod; a refusal (ActionStatus FAIL) throws RestAdminError with
// ErrorCode and ErrorInfo, an answer of the wrong shape throws RestAdminResponseError naming
// the field. Knows nothing of any particular server.
import { randomInt } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';

/** One POST of a JSON body; resolves with the status and the body text, whatever the status. */
export type Transport = (url: URL, body: string) => Promise<{ status: number; text: string }>;

/** The default: node:http(s) with keep-alive (several times cheaper per call than fetch). */
export function nodeTransport(): Transport {
  const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };
  return (url, body) =>
    new Promise((resolve, reject) => {
      const options = { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } };
      const onResponse = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      };
      const req = url.protocol === 'https:' ? httpsRequest(url, { ...options, agent: agents['https:'] }, onResponse) : httpRequest(url, { ...options, agent: agents['http:'] }, onResponse);
      req.on('error', reject);
      req.end(body);
    });
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
}

export const API = {
  accountCheck: 'v4/im_open_login_svc/account_check',
  kick: 'v4/im_open_login_svc/kick',
  queryOnlineStatus: 'v4/openim/query_online_status',
} as const;

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
  ) {
    super(`${api} failed with ErrorCode ${errorCode}${errorInfo ? `: ${errorInfo}` : ''}`);
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

  constructor(options: RestAdminOptions) {
    if (!Number.isInteger(options.sdkAppId) || options.sdkAppId <= 0) throw new RangeError(`Expected an SDKAppID but got ${options.sdkAppId}`);
    if (!options.identifier) throw new RangeError('Expected an admin identifier but got an empty one');
    new URL(options.baseUrl); // throws on a malformed base URL, now rather than on the first call
    this.#options = options;
    this.#transport = options.transport ?? nodeTransport();
  }

  /** Which of these accounts exist (AccountStatus "Imported"), in request order. At most 100 per call. */
  async accountCheck(userIds: readonly string[]): Promise<AccountCheckItem[]> {
    const { ResultItem } = await this.post(API.accountCheck, { CheckItem: userIds.map((UserID) => ({ UserID })) }, AccountCheckResponse);
    return ResultItem;
  }

  /** Ends every login of the account (invalidates its login state). */
  async kick(userId: string): Promise<void> {
    await this.post(API.kick, { UserID: userId }, KickResponse);
  }

  /** Online status of up to 500 accounts; with `detail`, one Detail entry per online instance. */
  async queryOnlineStatus(userIds: readonly string[], { detail = true }: { detail?: boolean } = {}): Promise<{ results: QueryResultItem[]; errors: QueryErrorItem[] }> {
    const answer = await this.post(API.queryOnlineStatus, { To_Account: [...userIds], ...(detail ? { IsNeedDetail: 1 } : {}) }, QueryOnlineStatusResponse);
    return { results: answer.QueryResult, errors: answer.ErrorList };
  }

  /**
   * One call: POST `api` (e.g. "v4/openim/query_online_status") with the common URL
   * parameters and `body` as JSON; the answer checked with `schema` (which should extend
   * Envelope). Throws RestAdminError on ActionStatus FAIL, RestAdminResponseError on a bad answer.
   */
  async post<S extends z.ZodType<Envelope>>(api: string, body: unknown, schema: S): Promise<z.infer<S>> {
    const url = new URL(api.replace(/^\/+/, ''), this.#options.baseUrl.endsWith('/') ? this.#options.baseUrl : `${this.#options.baseUrl}/`);
    url.searchParams.set('sdkappid', String(this.#options.sdkAppId));
    url.searchParams.set('identifier', this.#options.identifier);
    url.searchParams.set('usersig', await this.#options.userSig());
    url.searchParams.set('random', String(randomInt(0, 0xffff_ffff)));
    url.searchParams.set('contenttype', 'json');
    const { status, text } = await this.#transport(url, JSON.stringify(body));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new RestAdminResponseError(api, `expected a JSON answer but got HTTP ${status} ${JSON.stringify(text.slice(0, 200))}`);
    }
    // A refusal is read from the envelope alone: its other fields are absent.
    const envelope = Envelope.safeParse(json);
    if (envelope.success && envelope.data.ActionStatus === 'FAIL') throw new RestAdminError(api, envelope.data.ErrorCode, envelope.data.ErrorInfo);
    if (envelope.success && envelope.data.ErrorCode !== 0) throw new RestAdminError(api, envelope.data.ErrorCode, envelope.data.ErrorInfo);
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
