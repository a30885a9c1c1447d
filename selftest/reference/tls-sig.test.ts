import { inflateSync } from 'node:zlib';
import pkg from 'tls-sig-api-v2';
import { describe, expect, it } from 'vitest';
import { decodeTicket, issueTicket, verifyTicket } from '../../adapters/reference/tls-sig.ts';

const sdkAppId = 1_400_123_456;
const key = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
const nowSeconds = () => Math.floor(Date.now() / 1000);
const theirs = (userId: string, ttl = 86_400) => new pkg.Api(sdkAppId, key).genUserSig(userId, ttl);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_';

const base64 = (ticket: string) => Buffer.from(ticket.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');
const ticketOf = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');

describe('tls-sig: interoperability with the tls-sig-api-v2 package', () => {
  it('a ticket made by the package verifies', () => {
    const verdict = verifyTicket(theirs('alice'), { sdkAppId, key, userId: 'alice', nowSeconds: nowSeconds() });
    expect(verdict).toMatchObject({ ok: true });
  });

  it('ours is byte for byte the package\'s for the same fields', () => {
    const ticket = theirs('alice_01-X', 3600);
    const doc = decodeTicket(ticket);
    expect(doc).toMatchObject({ 'TLS.ver': '2.0', 'TLS.identifier': 'alice_01-X', 'TLS.sdkappid': sdkAppId, 'TLS.expire': 3600 });
    const ours = issueTicket({ sdkAppId, key, userId: 'alice_01-X', nowSeconds: doc!['TLS.time'], expireSeconds: 3600 });
    expect(decodeTicket(ours)).toEqual(doc);
    expect(ours).toBe(ticket);
  });

  it('reports expiry as TLS.time + TLS.expire', () => {
    const ticket = issueTicket({ sdkAppId, key, userId: 'bob', nowSeconds: 1000, expireSeconds: 60 });
    expect(verifyTicket(ticket, { sdkAppId, key, userId: 'bob', nowSeconds: 1059 })).toEqual({ ok: true, expiresAtSeconds: 1060 });
    expect(verifyTicket(ticket, { sdkAppId, key, userId: 'bob', nowSeconds: 1060 })).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('tls-sig: rejections', () => {
  const ticket = theirs('alice');
  const check = (t: string, userId = 'alice', now = nowSeconds()) => verifyTicket(t, { sdkAppId, key, userId, nowSeconds: now });

  it('gives each reason', () => {
    expect(check('')).toEqual({ ok: false, reason: 'empty' });
    expect(check('not a ticket')).toEqual({ ok: false, reason: 'invalid' });
    expect(check(new pkg.Api(sdkAppId, key.replace('5', '6')).genUserSig('alice', 86_400))).toEqual({ ok: false, reason: 'invalid' });
    expect(check(new pkg.Api(sdkAppId + 1, key).genUserSig('alice', 86_400))).toEqual({ ok: false, reason: 'app-mismatch' });
    expect(check(new pkg.Api(sdkAppId + 1, key.replace('5', '6')).genUserSig('alice', 86_400))).toEqual({ ok: false, reason: 'app-mismatch' });
    expect(check(ticket, 'bob')).toEqual({ ok: false, reason: 'user-mismatch' });
    expect(check(ticket, 'Alice')).toEqual({ ok: false, reason: 'user-mismatch' });
    expect(check(ticket, 'alice', nowSeconds() + 86_400)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects every dropped or added character and changed ones at every position', () => {
    const accepted: string[] = [];
    for (let i = 0; i <= ticket.length; i++) {
      const variants = [ticket.slice(0, i) + ticket.slice(i + 1), ticket.slice(0, i) + 'A' + ticket.slice(i), ticket.slice(0, i) + '_' + ticket.slice(i)];
      for (let k = 0; k < 4; k++) variants.push(ticket.slice(0, i) + ALPHABET[(i * 7 + k * 17) % ALPHABET.length] + ticket.slice(i + 1));
      for (const v of variants) if (v !== ticket && check(v).ok) accepted.push(v);
    }
    expect(accepted).toEqual([]);
  });

  it('rejects a set padding bit at the end of the deflate stream, which inflate alone would ignore', () => {
    // Find a ticket and a zero bit in its last deflate byte that inflate ignores; setting it is
    // a one-character change that a lenient verifier accepts.
    let found = false;
    for (let n = 0; n < 50 && !found; n++) {
      const t = issueTicket({ sdkAppId, key, userId: `user${n}`, nowSeconds: 1000, expireSeconds: 86_400 });
      const bytes = base64(t);
      const last = bytes.length - 5;
      for (let bit = 0x80; bit > 0 && !found; bit >>= 1) {
        if ((bytes[last]! & bit) !== 0) continue;
        const variant = Buffer.from(bytes);
        variant[last] = bytes[last]! | bit;
        let same = false;
        try {
          same = inflateSync(variant).equals(inflateSync(bytes));
        } catch {}
        if (!same) continue;
        found = true;
        expect(verifyTicket(ticketOf(variant), { sdkAppId, key, userId: `user${n}`, nowSeconds: 1000 })).toEqual({ ok: false, reason: 'invalid' });
      }
    }
    expect(found).toBe(true);
  });
});
