// The reference server's REST admin API, in the Tencent shape: POST /v4/<service>/<command>
// with sdkappid, identifier (an app admin), usersig (a ticket for that admin), random and
// contenttype=json in the URL, a JSON body, and an answer that always carries ActionStatus,
// ErrorCode and ErrorInfo (HTTP 200 even for a refused request, as Tencent does).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Platform } from '../contract.ts';
import { CODES, REST_CODES, TICKET_REFUSAL_CODES } from './codes.ts';
import type { ReferenceServer } from './server.ts';

/** The Tencent names of the platforms, as query_online_status reports them. */
export const TENCENT_PLATFORM_NAMES: Record<Platform, string> = {
  android: 'Android',
  iphone: 'iPhone',
  ipad: 'iPad',
  windows: 'Windows',
  macos: 'Mac',
  web: 'Web',
};

export const MAX_CHECK_ITEMS = 100;
export const MAX_QUERY_ACCOUNTS = 500;
const MAX_BODY_BYTES = 1 << 20;


class Refusal {
  constructor(
    readonly code: number,
    readonly info: string,
    readonly httpStatus = 200,
  ) {}
}

const AccountCheck = z.object({ CheckItem: z.array(z.object({ UserID: z.string() })).min(1) });
const Kick = z.object({ UserID: z.string().min(1) });
const QueryOnlineStatus = z.object({ To_Account: z.array(z.string()).min(1), IsNeedDetail: z.union([z.literal(0), z.literal(1)]).optional() });

type Handler = (server: ReferenceServer, body: unknown) => Record<string, unknown>;

const HANDLERS: Record<string, Handler> = {
  '/v4/im_open_login_svc/account_check': (server, body) => {
    const { CheckItem } = parse(AccountCheck, body);
    if (CheckItem.length > MAX_CHECK_ITEMS) throw new Refusal(REST_CODES.invalidFields, `CheckItem has ${CheckItem.length} items; at most ${MAX_CHECK_ITEMS}`);
    return {
      ResultItem: CheckItem.map(({ UserID }) => ({
        UserID,
        ResultCode: 0,
        ResultInfo: '',
        AccountStatus: server.accountExists(UserID) ? 'Imported' : 'NotImported',
      })),
    };
  },

  '/v4/im_open_login_svc/kick': (server, body) => {
    const { UserID } = parse(Kick, body);
    server.kickUser(UserID); // nobody online (or no such account): nothing to end, still OK
    return {};
  },

  '/v4/openim/query_online_status': (server, body) => {
    const { To_Account, IsNeedDetail } = parse(QueryOnlineStatus, body);
    if (To_Account.length > MAX_QUERY_ACCOUNTS) throw new Refusal(REST_CODES.invalidFields, `To_Account has ${To_Account.length} items; at most ${MAX_QUERY_ACCOUNTS}`);
    const QueryResult: Record<string, unknown>[] = [];
    const ErrorList: { To_Account: string; ErrorCode: number }[] = [];
    for (const account of To_Account) {
      if (!server.accountExists(account)) {
        ErrorList.push({ To_Account: account, ErrorCode: CODES.accountNotFound });
        continue;
      }
      // One Detail entry per instance. A dropped but resumable session is PushOnline.
      const detail = server.presence(account).map((p) => ({ Platform: TENCENT_PLATFORM_NAMES[p.platform], Status: p.connected ? 'Online' : 'PushOnline' }));
      const Status = detail.some((d) => d.Status === 'Online') ? 'Online' : detail.length > 0 ? 'PushOnline' : 'Offline';
      QueryResult.push({ To_Account: account, Status, ...(IsNeedDetail === 1 && detail.length > 0 ? { Detail: detail } : {}) });
    }
    return { QueryResult, ...(ErrorList.length > 0 ? { ErrorList } : {}) };
  },
};

/** Answers one HTTP request; the work itself is synchronous once the body is read. */
export function handleAdminRequest(server: ReferenceServer, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('error', () => {});
  req.on('end', () => {
    let answer: Record<string, unknown>;
    let status = 200;
    try {
      if (size > MAX_BODY_BYTES) throw new Refusal(REST_CODES.badRequest, `body larger than ${MAX_BODY_BYTES} bytes`, 413);
      answer = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...handle(server, req, Buffer.concat(chunks).toString('utf8')) };
    } catch (caught) {
      // A bug of ours still gets an answer in the envelope, not a hung request.
      const error = caught instanceof Refusal ? caught : new Refusal(REST_CODES.internal, `internal error: ${String(caught)}`, 500);
      answer = { ActionStatus: 'FAIL', ErrorCode: error.code, ErrorInfo: error.info };
      status = error.httpStatus;
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(answer));
  });
}

function handle(server: ReferenceServer, req: IncomingMessage, text: string): Record<string, unknown> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const handler = HANDLERS[url.pathname];
  if (!handler) throw new Refusal(REST_CODES.badRequest, `unknown API ${url.pathname}`, 404);
  if (req.method !== 'POST') throw new Refusal(REST_CODES.badRequest, `${url.pathname} takes POST, not ${req.method ?? 'no method'}`, 405);

  const query = url.searchParams;
  if (query.get('sdkappid') !== String(server.sdkAppId)) throw new Refusal(REST_CODES.unknownSdkAppId, `unknown sdkappid ${JSON.stringify(query.get('sdkappid'))}`);
  const identifier = query.get('identifier') ?? '';
  const verdict = server.verifyAdminTicket(identifier, query.get('usersig') ?? '');
  if (!verdict.ok) throw new Refusal(TICKET_REFUSAL_CODES[verdict.reason], `usersig ${verdict.reason} for identifier ${JSON.stringify(identifier)}`);
  if (!server.isAdmin(identifier)) throw new Refusal(REST_CODES.notAdmin, `identifier ${JSON.stringify(identifier)} is not an app admin`);
  const random = query.get('random');
  if (random === null || !/^\d{1,10}$/.test(random) || Number(random) > 0xffff_ffff) {
    throw new Refusal(REST_CODES.invalidFields, `random must be a 32-bit unsigned integer but got ${JSON.stringify(random)}`);
  }
  if (query.get('contenttype') !== 'json') throw new Refusal(REST_CODES.invalidFields, `contenttype must be json but got ${JSON.stringify(query.get('contenttype'))}`);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Refusal(REST_CODES.invalidJson, 'the body is not JSON');
  }
  return handler(server, body);
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new Refusal(REST_CODES.invalidFields, `${field}: ${issue?.message ?? 'invalid'}`);
}
