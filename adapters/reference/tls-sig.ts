// UserSig tickets in the TLSSigAPIv2 format, byte for byte as the `tls-sig-api-v2` package
// makes them: JSON doc -> zlib deflate -> base64 with + / = written as * - _.
// Verification is strict: a ticket is accepted only in its one canonical spelling, so any
// changed, dropped or added character is rejected, even where a lenient decoder would not notice.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { z } from 'zod';

export const TicketDoc = z.strictObject({
  'TLS.ver': z.literal('2.0'),
  'TLS.identifier': z.string(),
  'TLS.sdkappid': z.number().int().nonnegative(),
  'TLS.time': z.number().int().nonnegative(),
  'TLS.expire': z.number().int().nonnegative(), // a duration, added to TLS.time
  'TLS.sig': z.string(),
});
export type TicketDoc = z.infer<typeof TicketDoc>;

export interface IssueTicketOptions {
  sdkAppId: number;
  key: string;
  userId: string;
  nowSeconds: number;
  expireSeconds: number;
}

export interface VerifyTicketOptions {
  sdkAppId: number;
  key: string;
  userId: string;
  nowSeconds: number;
}

export type TicketVerdict =
  | { ok: true; expiresAtSeconds: number }
  | { ok: false; reason: 'empty' | 'invalid' | 'user-mismatch' | 'app-mismatch' | 'expired' };

export function issueTicket({ sdkAppId, key, userId, nowSeconds, expireSeconds }: IssueTicketOptions): string {
  // Key order matters: it is the package's, and the bytes must match it.
  const doc: TicketDoc = {
    'TLS.ver': '2.0',
    'TLS.identifier': userId,
    'TLS.sdkappid': sdkAppId,
    'TLS.time': nowSeconds,
    'TLS.expire': expireSeconds,
    'TLS.sig': signature(key, userId, sdkAppId, nowSeconds, expireSeconds),
  };
  return encodeTicket(doc);
}

/** A ticket document in the format's canonical spelling: JSON, deflated, base64 with * - _. */
export function encodeTicket(doc: TicketDoc): string {
  return escape(deflateSync(Buffer.from(JSON.stringify(doc))).toString('base64'));
}

/** Checks in order: empty, invalid (spelling, format, signature), app, user, expiry. */
export function verifyTicket(ticket: string, { sdkAppId, key, userId, nowSeconds }: VerifyTicketOptions): TicketVerdict {
  if (ticket === '') return { ok: false, reason: 'empty' };
  const doc = decodeTicket(ticket);
  if (!doc) return { ok: false, reason: 'invalid' };
  // Before the signature: we hold only our app's key, so a ticket naming another SDKAppID
  // can never verify; saying "another app" is the useful answer.
  if (doc['TLS.sdkappid'] !== sdkAppId) return { ok: false, reason: 'app-mismatch' };
  const expected = Buffer.from(signature(key, doc['TLS.identifier'], doc['TLS.sdkappid'], doc['TLS.time'], doc['TLS.expire']));
  const given = Buffer.from(doc['TLS.sig']);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  if (doc['TLS.identifier'] !== userId) return { ok: false, reason: 'user-mismatch' };
  const expiresAtSeconds = doc['TLS.time'] + doc['TLS.expire'];
  if (nowSeconds >= expiresAtSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAtSeconds };
}

/** The ticket's JSON document, or undefined unless the ticket is its canonical spelling. */
export function decodeTicket(ticket: string): TicketDoc | undefined {
  const compressed = Buffer.from(unescape(ticket), 'base64');
  // Node's base64 decoder skips junk (any character outside the alphabet) and ignores unused
  // bits: only the exact re-encoding counts.
  if (escape(compressed.toString('base64')) !== ticket) return undefined;
  const json = inflateCanonical(compressed);
  if (json === undefined) return undefined;
  try {
    const parsed = TicketDoc.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not UTF-8 or not JSON
  }
}

function signature(key: string, userId: string, sdkAppId: number, time: number, expire: number): string {
  const content = `TLS.identifier:${userId}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${time}\nTLS.expire:${expire}\n`;
  return createHmac('sha256', key).update(content).digest('base64');
}

/** Inflates a zlib stream that has no trailing bytes and zero padding bits, else undefined. */
function inflateCanonical(compressed: Buffer): Buffer | undefined {
  const json = inflateWhole(compressed);
  if (json === undefined) return undefined;
  // The last deflate byte (before the 4-byte Adler-32) may end in padding bits that inflate
  // ignores; a writer sets them to 0. A set bit that can be cleared without changing the
  // result is such padding, and flipping it was a one-character tampering.
  const last = compressed.length - 5;
  const byte = compressed[last];
  if (byte === undefined) return undefined;
  // Most variants fail to inflate: their errors are made without a stack, which would cost more
  // than the inflating (a tenth of a run's CPU, with vitest's source-mapped stacks).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (let bit = 0x80; bit > 0; bit >>= 1) {
      if ((byte & bit) === 0) continue;
      const variant = Buffer.from(compressed);
      variant[last] = byte & ~bit;
      const again = inflateWhole(variant);
      if (again !== undefined && again.equals(json)) return undefined;
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return json;
}

/** Inflates, refusing bytes left over after the stream's end (inflateSync ignores them). */
function inflateWhole(compressed: Buffer): Buffer | undefined {
  try {
    const { buffer, engine } = inflateSync(compressed, { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return engine.bytesWritten === compressed.length ? buffer : undefined;
  } catch {
    return undefined;
  }
}

function escape(base64: string): string {
  return base64.replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

function unescape(ticket: string): string {
  return ticket.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
}
