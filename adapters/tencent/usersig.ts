// UserSig tickets (TLSSigAPIv2) for a Tencent Cloud Chat app, signed with its key. The signer is
// the one the reference server verifies with (adapters/reference/tls-sig.ts), checked byte for
// byte against the official `tls-sig-api-v2` package in selftest/reference/tls-sig.test.ts.
import { createHash } from 'node:crypto';
import type { SigningKey } from '../contract.ts';
import { issueTicket } from '../reference/tls-sig.ts';
import type { TencentCredentials } from './credentials.ts';

export const DAY_SECONDS = 86_400;

export interface TencentUserSigOptions {
  /** TLS.expire (default one day). */
  ttlSeconds?: number;
  /** For negative tests: a ticket the service must refuse (another key, or another SDKAppID). */
  signWith?: SigningKey;
  /** TLS.time; default the real clock (the service checks expiry against its own). */
  nowSeconds?: number;
}

/** A ticket for `userId` (the admin account by default). */
export function tencentUserSig(credentials: TencentCredentials, userId: string = credentials.admin, options: TencentUserSigOptions = {}): string {
  const { ttlSeconds = DAY_SECONDS, signWith = 'app', nowSeconds = Math.floor(Date.now() / 1000) } = options;
  // A wrong key derived from the right one, so it is stable and never the key itself.
  const key = signWith === 'wrong-key' ? createHash('sha256').update(`not-the-key:${credentials.secretKey}`).digest('hex') : credentials.secretKey;
  const sdkAppId = signWith === 'other-app' ? credentials.sdkAppId + 1 : credentials.sdkAppId;
  return issueTicket({ sdkAppId, key, userId, nowSeconds, expireSeconds: ttlSeconds });
}
