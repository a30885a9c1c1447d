// A fake Tencent Cloud Chat REST admin API as msw handlers, written from the documentation (not
// from our client): the common URL parameters, the admin's UserSig checked with the app key by
// its own small verifier, the ActionStatus/ErrorCode/ErrorInfo envelope, the batch limits, the
// per-account 70107 answers, and a rate limit for the first N requests.
import { createHmac } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { http, HttpResponse, type HttpHandler } from 'msw';

/** The documented codes the fake answers with. */
export const TENCENT = {
  sigExpired: 70001,
  sigEmpty: 70002,
  sigInvalid: 70003,
  sigUserMismatch: 70013,
  sigAppMismatch: 70014,
  invalidSdkAppId: 60006,
  sdkAppIdMissing: 60012,
  invalidCount: 70206, // too many (or no) items in one request
  accountNotFound: 70107,
  invalidParameters: 70402,
  adminRequired: 70403,
  restRateLimit: 60007,
  badUrl: 60009,
} as const;

export interface FakeTencentOptions {
  host: string;
  sdkAppId: number;
  secretKey: string;
  /** The app admin accounts (default ["administrator"]). */
  admins?: readonly string[];
  /** The service's clock, in seconds (admin tickets expire against it). */
  nowSeconds: number;
  accounts?: string[];
  /** Online instances per account, as query_online_status details them. */
  online?: Record<string, { Platform: string; Status: 'Online' | 'PushOnline' }[]>;
  /** `count` requests, after the first `after` (default 0), are refused with this rate-limit code (default 60007). */
  rateLimit?: { count: number; after?: number; code?: number };
}

export interface SeenRequest {
  command: string;
  query: Record<string, string>;
  body: unknown;
}

const LIMITS: Record<string, number> = { account_check: 100, account_delete: 100, query_online_status: 500 };

export function fakeTencent(options: FakeTencentOptions) {
  const admins = new Set(options.admins ?? ['administrator']);
  const accounts = new Set([...admins, ...(options.accounts ?? [])]);
  const online = new Map(Object.entries(options.online ?? {}));
  const requests: SeenRequest[] = [];
  const { count: limited = 0, after = 0, code: rateLimitCode = TENCENT.restRateLimit } = options.rateLimit ?? {};

  const ok = (fields: Record<string, unknown> = {}) => HttpResponse.json({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...fields });
  const fail = (code: number, info: string) => HttpResponse.json({ ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info });

  const handler = http.all(`https://${options.host}/v4/:service/:command`, async ({ request, params }) => {
    const url = new URL(request.url);
    const query = Object.fromEntries(url.searchParams);
    const command = String(params.command);
    const text = await request.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    requests.push({ command, query, body });

    if (request.method !== 'POST') return fail(TENCENT.badUrl, 'POST only');
    if (requests.length > after && requests.length <= after + limited) return fail(rateLimitCode, 'request frequency exceeds the limit');
    if (query.sdkappid === undefined) return fail(TENCENT.sdkAppIdMissing, 'sdkappid missing');
    if (query.sdkappid !== String(options.sdkAppId)) return fail(TENCENT.invalidSdkAppId, `invalid sdkappid ${query.sdkappid}`);
    const identifier = query.identifier ?? '';
    const sig = checkUserSig(query.usersig ?? '', { ...options, identifier });
    if (sig !== 0) return fail(sig, 'usersig refused');
    if (!admins.has(identifier)) return fail(TENCENT.adminRequired, `${identifier} is not an app admin`);
    if (!/^\d{1,10}$/.test(query.random ?? '') || Number(query.random) > 0xffff_ffff) return fail(TENCENT.invalidParameters, 'random must be a 32-bit unsigned integer');
    if (query.contenttype !== 'json') return fail(TENCENT.invalidParameters, 'contenttype must be json');
    if (body === null || typeof body !== 'object') return fail(TENCENT.invalidParameters, 'the body is not a JSON object');
    const b = body as Record<string, unknown>;

    const list = (field: string, pick: (item: unknown) => unknown): string[] | undefined => {
      const items = b[field];
      if (!Array.isArray(items)) return undefined;
      const ids = items.map(pick);
      return ids.every((id): id is string => typeof id === 'string') ? ids : undefined;
    };
    const userIdOf = (item: unknown) => (item !== null && typeof item === 'object' ? (item as { UserID?: unknown }).UserID : undefined);
    const batch = (field: string, pick: (item: unknown) => unknown) => {
      const ids = list(field, pick);
      if (ids === undefined) return { error: fail(TENCENT.invalidParameters, `${field} must be a list of accounts`) };
      if (ids.length === 0 || ids.length > LIMITS[command]!) return { error: fail(TENCENT.invalidCount, `${field} has ${ids.length} items, 1 to ${LIMITS[command]} allowed`) };
      return { ids };
    };

    switch (`${String(params.service)}/${command}`) {
      case 'im_open_login_svc/account_import': {
        if (typeof b.UserID !== 'string' || b.UserID === '' || Buffer.byteLength(b.UserID) > 32) return fail(TENCENT.invalidParameters, 'UserID');
        accounts.add(b.UserID);
        return ok();
      }
      case 'im_open_login_svc/account_check': {
        const { ids, error } = batch('CheckItem', userIdOf);
        if (error) return error;
        return ok({ ResultItem: ids.map((UserID) => ({ UserID, ResultCode: 0, ResultInfo: '', AccountStatus: accounts.has(UserID) ? 'Imported' : 'NotImported' })) });
      }
      case 'im_open_login_svc/account_delete': {
        const { ids, error } = batch('DeleteItem', userIdOf);
        if (error) return error;
        return ok({
          ResultItem: ids.map((UserID) => {
            const existed = accounts.delete(UserID);
            online.delete(UserID);
            return existed ? { UserID, ResultCode: 0, ResultInfo: '' } : { UserID, ResultCode: TENCENT.accountNotFound, ResultInfo: 'Err_TLS_PT_Open_Login_Account_Not_Exist' };
          }),
        });
      }
      case 'im_open_login_svc/kick': {
        if (typeof b.UserID !== 'string') return fail(TENCENT.invalidParameters, 'UserID');
        if (!accounts.has(b.UserID)) return fail(TENCENT.accountNotFound, 'the account does not exist');
        online.delete(b.UserID);
        return ok();
      }
      case 'openim/query_online_status': {
        const { ids, error } = batch('To_Account', (id) => id);
        if (error) return error;
        const known = ids.filter((id) => accounts.has(id));
        return ok({
          QueryResult: known.map((To_Account) => {
            const detail = online.get(To_Account) ?? [];
            const Status = detail.some((d) => d.Status === 'Online') ? 'Online' : detail.length > 0 ? 'PushOnline' : 'Offline';
            return { To_Account, Status, ...(b.IsNeedDetail === 1 && detail.length > 0 ? { Detail: detail } : {}) };
          }),
          ErrorList: ids.filter((id) => !accounts.has(id)).map((To_Account) => ({ To_Account, ErrorCode: TENCENT.accountNotFound })),
        });
      }
      default:
        return HttpResponse.json({ ActionStatus: 'FAIL', ErrorCode: TENCENT.badUrl, ErrorInfo: `no API ${url.pathname}` }, { status: 404 });
    }
  });

  return { handlers: [handler] as HttpHandler[], requests, accounts, online };
}

/**
 * 0 when `usersig` is a TLSSigAPIv2 ticket for `identifier`, signed with the app key and not
 * expired at the service's clock; else the documented code. Its own reading of the format
 * (base64 with * - _, zlib, JSON, HMAC-SHA256 of the five fields), independent of our signer.
 */
export function checkUserSig(usersig: string, o: { identifier: string; sdkAppId: number; secretKey: string; nowSeconds: number }): number {
  if (usersig === '') return TENCENT.sigEmpty;
  let doc: Record<string, unknown>;
  try {
    const base64 = usersig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
    doc = JSON.parse(inflateSync(Buffer.from(base64, 'base64')).toString('utf8')) as Record<string, unknown>;
  } catch {
    return TENCENT.sigInvalid;
  }
  const [id, app, time, expire, sig] = ['TLS.identifier', 'TLS.sdkappid', 'TLS.time', 'TLS.expire', 'TLS.sig'].map((k) => doc[k]);
  if (typeof id !== 'string' || typeof app !== 'number' || typeof time !== 'number' || typeof expire !== 'number' || typeof sig !== 'string') return TENCENT.sigInvalid;
  if (app !== o.sdkAppId) return TENCENT.sigAppMismatch;
  const expected = createHmac('sha256', o.secretKey).update(`TLS.identifier:${id}\nTLS.sdkappid:${app}\nTLS.time:${time}\nTLS.expire:${expire}\n`).digest('base64');
  if (sig !== expected) return TENCENT.sigInvalid;
  if (id !== o.identifier) return TENCENT.sigUserMismatch;
  if (o.nowSeconds >= time + expire) return TENCENT.sigExpired;
  return 0;
}
