// The credentials of a Tencent Cloud Chat app, from the environment only: TENCENT_SDKAPPID and
// TENCENT_SECRETKEY (required), TENCENT_ADMIN (the app admin account, default "administrator")
// and TENCENT_REGION (default "china"). The key never leaves this object except into an HMAC:
// it is not enumerable, so logging or serialising the credentials does not show it.
import type { AdapterOption } from '../contract.ts';
import { DEFAULT_TENCENT_REGION, TENCENT_REGIONS, tencentRestBaseUrl, UnknownRegionError } from './regions.ts';

export const REQUIRED_TENCENT_VARIABLES = ['TENCENT_SDKAPPID', 'TENCENT_SECRETKEY'] as const;
export const DEFAULT_TENCENT_ADMIN = 'administrator';

/**
 * The tencent adapter's options (AdapterOption): the suite checks them before a run (exit 2, one
 * line) and lists them in `run --adapter tencent --help`. The key is a secret: environment only.
 */
export const TENCENT_OPTIONS: AdapterOption[] = [
  { name: 'tencent-sdkappid', env: 'TENCENT_SDKAPPID', required: true, description: "the app's SDKAppID", parse: sdkAppIdOf },
  { name: 'tencent-secretkey', env: 'TENCENT_SECRETKEY', required: true, secret: true, description: "the app's secret key, which signs every UserSig" },
  { name: 'tencent-admin', env: 'TENCENT_ADMIN', description: `the app admin account the REST admin API is called as (default ${DEFAULT_TENCENT_ADMIN})` },
  {
    name: 'tencent-region',
    env: 'TENCENT_REGION',
    description: `the app's region (${Object.keys(TENCENT_REGIONS).join(', ')}; default ${DEFAULT_TENCENT_REGION}) or the URL of a Tencent-compatible server (https; http only for a local one)`,
    parse: (region: string) => (tencentRestBaseUrl(region), region),
  },
];

function sdkAppIdOf(text: string): number {
  const sdkAppId = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) {
    throw new TencentCredentialsError(`must be the app's SDKAppID (a positive integer), got "${text}"`);
  }
  return sdkAppId;
}

export interface TencentCredentials {
  readonly sdkAppId: number;
  /** The app admin account the REST admin API is called as. */
  readonly admin: string;
  /** The region name or URL as given (TENCENT_REGION), and the REST admin API's base URL for it. */
  readonly region: string;
  readonly restBaseUrl: string;
  /** Not enumerable: JSON.stringify and console.log leave it out. */
  readonly secretKey: string;
}

/** A variable is missing or malformed: the message names the variables, never a value of the key. */
export class TencentCredentialsError extends Error {
  override name = 'TencentCredentialsError';
}

export function readTencentCredentials(env: NodeJS.ProcessEnv = process.env): TencentCredentials {
  const value = (name: string) => env[name]?.trim() || undefined;
  const missing = REQUIRED_TENCENT_VARIABLES.filter((name) => value(name) === undefined);
  if (missing.length > 0) {
    throw new TencentCredentialsError(`--adapter tencent needs ${REQUIRED_TENCENT_VARIABLES.join(', ')} in the environment (missing: ${missing.join(', ')})`);
  }
  let sdkAppId: number;
  try {
    sdkAppId = sdkAppIdOf(value('TENCENT_SDKAPPID')!);
  } catch (e) {
    throw new TencentCredentialsError(`TENCENT_SDKAPPID ${(e as Error).message}`);
  }
  const region = value('TENCENT_REGION') ?? DEFAULT_TENCENT_REGION;
  let restBaseUrl: string;
  try {
    restBaseUrl = tencentRestBaseUrl(region);
  } catch (e) {
    if (e instanceof UnknownRegionError) throw new TencentCredentialsError(`TENCENT_REGION: ${e.message}`);
    throw e;
  }
  const credentials = { sdkAppId, admin: value('TENCENT_ADMIN') ?? DEFAULT_TENCENT_ADMIN, region, restBaseUrl };
  // The key exactly as given: it is an HMAC key, and the reports' redaction looks for this very value.
  return Object.defineProperty(credentials, 'secretKey', { value: env.TENCENT_SECRETKEY!, enumerable: false }) as TencentCredentials;
}
