// identity: what a user ID may be. Boundary examples beside properties over the space.
import fc from 'fast-check';
import { describe } from 'vitest';
import {
  byteLength,
  FOREIGN_CHARACTERS,
  multiByteUserId,
  tooLongUserId,
  userIdWithForeignChar,
  validUserId,
} from '../fixtures/arbitraries.ts';
import { USER_ID_REJECTIONS } from '../fixtures/codes.ts';
import { must, mustStatus, mustUser } from '../fixtures/scene.ts';
import { CHECKS_AT_ONCE, eachAtOnce } from '../fixtures/parallel.ts';
import { property, spec } from '../fixtures/spec.ts';

describe('identity', () => {
  spec('user-id.max-bytes', 'a 32-byte ID logs in; IDs of 33, 256 and 4096 bytes are rejected, leaving no session and no account', async (s) => {
    const c = await s.client();
    const id32 = 'u'.repeat(32);
    await s.mustLogin(c, id32);
    // Just past the limit, and far past it (where a length kept in one byte, or a buffer, wraps).
    for (const id of ['v'.repeat(33), 'w'.repeat(256), 'x'.repeat(4096)]) {
      await s.mustRejectLogin(await s.client(s.preferred('web')), id, await s.sig(id), USER_ID_REJECTIONS);
    }
  });

  spec('user-id.max-bytes', 'every charset ID of 1..32 bytes logs in; every one of 33..64 bytes is rejected', async (s, ctx) => {
    await property(ctx, fc.oneof(validUserId, tooLongUserId), async (id, s) => {
      const c = await s.client();
      if (byteLength(id) <= 32) {
        await s.mustLogin(c, id);
      } else {
        await s.mustRejectLogin(c, id, await s.sig(id), USER_ID_REJECTIONS);
      }
    }, { runs: 60 });
  });

  spec('user-id.charset', 'IDs made of letters, digits, "_" and "-" are accepted, including each of those characters alone', async (s) => {
    for (const id of ['a', 'Z', '0', '_', '-', 'User_Name-01', '__--__']) {
      await s.mustLogin(await s.client(), id);
    }
  });

  spec('user-id.charset', 'every listed character outside the charset is rejected at the start, in the middle and at the end of an ID', async (s) => {
    // A small domain, enumerated: each character of each class, in each place. The end matters on
    // its own: a pattern anchored with `$` as PCRE and Python anchor it lets "ab\n" through.
    const tries = Object.entries(FOREIGN_CHARACTERS).flatMap(([cls, chars]) => chars.flatMap((char) => [`${char}ab`, `ab${char}cd`, `ab${char}`].map((id) => ({ cls, char, id }))));
    const clients = await Promise.all(Array.from({ length: CHECKS_AT_ONCE }, () => s.client()));
    await eachAtOnce(tries, async ({ cls, char, id }, lane) => {
      try {
        await s.mustRejectLogin(clients[lane]!, id, await s.sig(id), USER_ID_REJECTIONS);
      } catch (e) {
        (e as Error).message = `accepts a ${cls} (${JSON.stringify(char)}) in ${JSON.stringify(id)}: ${(e as Error).message}`;
        throw e;
      }
    });
  });

  spec('user-id.charset', 'IDs with one foreign character spliced into a valid ID are rejected (property)', async (s, ctx) => {
    await property(ctx, userIdWithForeignChar, async ({ id, cls, char }, s) => {
      try {
        await s.mustRejectLogin(await s.client(), id, await s.sig(id), USER_ID_REJECTIONS);
      } catch (e) {
        (e as Error).message = `accepts a ${cls} (${JSON.stringify(char)}): ${(e as Error).message}`;
        throw e;
      }
    }, { runs: 60 });
  });

  spec('user-id.empty', 'the empty ID is rejected', async (s) => {
    const c = await s.client();
    await s.mustRejectLogin(c, '', await s.sig(''), USER_ID_REJECTIONS);
    await mustStatus(c, 'logged-out', 'after the rejected empty ID');
  });

  spec('user-id.bytes-not-chars', 'IDs of exactly 33 UTF-8 bytes are rejected however few characters or UTF-16 units they have', async (s) => {
    // One byte over the limit, counted three other ways: 32 characters, 11 characters, 17 UTF-16 units.
    for (const id of ['a'.repeat(31) + 'é', '中'.repeat(11), '😀'.repeat(8) + 'a']) {
      await s.mustRejectLogin(await s.client(), id, await s.sig(id), USER_ID_REJECTIONS);
    }
  });

  spec('user-id.bytes-not-chars', 'IDs of at most 32 characters but more than 32 UTF-8 bytes are rejected (property)', async (s, ctx) => {
    await property(ctx, multiByteUserId, async (id, s) => {
      await s.mustRejectLogin(await s.client(), id, await s.sig(id), USER_ID_REJECTIONS);
    }, { runs: 30 });
  });

  spec('user-id.no-silent-rewrite', 'an ID that logs in is reported back exactly, for any input (property)', async (s, ctx) => {
    const anyInput = fc.oneof(validUserId, tooLongUserId, userIdWithForeignChar.map((x) => x.id), validUserId.map((id) => ` ${id} `));
    await property(ctx, anyInput, async (id, s) => {
      const c = await s.client();
      const reply = await c.login(id, await s.sig(id));
      if (reply.meaning === 'ok') await mustUser(c, id, `after login(${JSON.stringify(id)}) succeeded`);
    }, { runs: 60 });
  });

  spec('user-id.no-silent-rewrite', 'IDs that differ only in case are two users: neither kicks the other', async (s) => {
    const upper = await s.loggedIn('Alice', s.preferred('android'));
    const lower = await s.loggedIn('alice', s.preferred('android'));
    await s.settle();
    must(upper.eventsOf('kickedOffline').length === 0, `"alice" logging in on ${lower.platform} kicked "Alice": the IDs were folded to one user`);
    await mustUser(upper, 'Alice', 'after "alice" logged in elsewhere');
    await mustUser(lower, 'alice', 'after logging in');
  });
});
