// The REST admin API of a Tencent Cloud Chat app (accounts, online state, kick) as a
// RestAdminClient: the region's host, the app admin as identifier, and a fresh admin UserSig
// for every request (short-lived: it travels in the URL).
import { RestAdminClient, type RetryOptions, type Transport } from '../rest-admin/client.ts';
import type { TencentCredentials } from './credentials.ts';
import { tencentRestBaseUrl } from './regions.ts';
import { tencentUserSig } from './usersig.ts';

export const ADMIN_SIG_TTL_SECONDS = 3600;

export interface TencentRestOptions {
  /** A region name or URL instead of the credentials' one. */
  region?: string;
  /** nodeTransport() by default; tests pass fetchTransport() under msw. */
  transport?: Transport;
  retry?: RetryOptions;
  /** The clock the admin UserSig is dated with (seconds); default the real one. */
  nowSeconds?: () => number;
}

export function tencentRestAdmin(credentials: TencentCredentials, options: TencentRestOptions = {}): RestAdminClient {
  const { region, transport, retry, nowSeconds } = options;
  return new RestAdminClient({
    baseUrl: region === undefined ? credentials.restBaseUrl : tencentRestBaseUrl(region),
    sdkAppId: credentials.sdkAppId,
    identifier: credentials.admin,
    userSig: () => tencentUserSig(credentials, credentials.admin, { ttlSeconds: ADMIN_SIG_TTL_SECONDS, ...(nowSeconds ? { nowSeconds: nowSeconds() } : {}) }),
    ...(transport ? { transport } : {}),
    ...(retry ? { retry } : {}),
  });
}
