// ticket: the UserSig decides who may log in.
import { describe } from 'vitest';
import { applyTicketEdit, ticketEdit } from '../fixtures/arbitraries.ts';
import { EMPTY_TICKET_REJECTIONS, TICKET_REJECTIONS } from '../fixtures/codes.ts';
import { must, mustFail, mustMean, mustStatus, mustUser, mustSeeEvents, NotApplicable } from '../fixtures/scene.ts';
import { eachAtOnce, CHECKS_AT_ONCE } from '../fixtures/parallel.ts';
import { property, spec } from '../fixtures/spec.ts';
import { decodeTlsTicket, encodeTlsTicket } from '../fixtures/tls-ticket.ts';

const DAY = 86_400;
/** Every character of base64, of base64url and of the TLSSigAPIv2 spelling (`*`, `-`, `_`). */
const TICKET_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=*-_';

describe('ticket', () => {
  spec('ticket.valid', 'a ticket issued for the user logs that user in', async (s) => {
    const c = await s.client();
    await s.mustLogin(c, 'alice');
    await mustUser(c, 'alice', 'after logging in with her ticket');
    await mustStatus(c, 'logged-in', 'after logging in with her ticket');
  });

  spec('ticket.valid', 'tickets valid for 7 days and for 180 days log the user in', async (s) => {
    // The page sets no cap on a ticket's validity, and 180 days is what Tencent's own examples
    // issue (tls-sig-api-v2's README): a server that caps it at a day refuses ordinary tickets.
    await eachAtOnce([7, 180], async (days) => {
      const user = `valid-${days}-days`;
      const c = await s.client();
      mustMean(await c.login(user, await s.sig(user, { ttlSeconds: days * DAY })), 'ok', `${c.label}.login(${JSON.stringify(user)}) with a ticket valid for ${days} days`);
      await mustUser(c, user, `after logging in with a ${days}-day ticket`);
      await mustStatus(c, 'logged-in', `after logging in with a ${days}-day ticket`);
    });
  });

  spec('ticket.wrong-user', "neither bob's ticket nor Alice's (an ID that differs only in case) logs alice in, and neither creates an account", async (s) => {
    await s.mustRejectLogin(await s.client(), 'alice', await s.sig('bob'), TICKET_REJECTIONS);
    await s.mustRejectLogin(await s.client(), 'alice', await s.sig('Alice'), TICKET_REJECTIONS);
  });

  spec('ticket.tampered', 'a ticket signed with another key, or for another app, is rejected', async (s) => {
    await s.mustRejectLogin(await s.client(), 'alice', await s.sig('alice', { signWith: 'wrong-key' }), TICKET_REJECTIONS);
    await s.mustRejectLogin(await s.client(), 'alice', await s.sig('alice', { signWith: 'other-app' }), TICKET_REJECTIONS);
  });

  spec('ticket.tampered', 'a ticket with any one character changed, dropped or added is rejected (property)', async (s, ctx) => {
    await property(ctx, ticketEdit, async (edit, s) => {
      await s.mustRejectLogin(await s.client(), 'alice', applyTicketEdit(await s.sig('alice'), edit), TICKET_REJECTIONS);
    }, { runs: 60 });
  });

  spec('ticket.tampered', 'every change of one of its last 12 characters, and any characters appended, make a ticket invalid', async (s) => {
    // The end of a compressed ticket holds its checksum and the spare bits a lenient decoder
    // ignores; the property above samples the rest. Appended characters may decode to bytes
    // after the end of the data, which a lenient decoder ignores too.
    // The tries are independent: one client per lane, the lanes side by side.
    const clients = await Promise.all(Array.from({ length: CHECKS_AT_ONCE }, () => s.client()));
    const sig = await s.sig('alice');
    const changed: { i: number; ch: string }[] = [];
    for (let i = Math.max(0, sig.length - 12); i < sig.length; i++) for (const ch of TICKET_CHARACTERS.replace(sig[i]!, '')) changed.push({ i, ch });
    await eachAtOnce(changed, async ({ i, ch }, lane) => {
      const reply = await clients[lane]!.login('alice', `${sig.slice(0, i)}${ch}${sig.slice(i + 1)}`);
      mustFail(reply, TICKET_REJECTIONS, `login("alice") with character ${i} of ${sig.length} of her ticket changed from ${JSON.stringify(sig[i])} to ${JSON.stringify(ch)}`);
    });
    // Tickets of several users: whether appended characters decode to whole bytes depends on the ticket's length.
    const appended = Array.from({ length: 20 }, (_, n) => `appended${n + 1}`).flatMap((user) => ['A', 'AA', 'AAA', 'AAAA'].map((suffix) => ({ user, suffix })));
    const valid = new Map(await Promise.all(appended.filter((a) => a.suffix === 'A').map(async ({ user }) => [user, await s.sig(user)] as const)));
    await eachAtOnce(appended, async ({ user, suffix }, lane) => {
      mustFail(await clients[lane]!.login(user, valid.get(user)! + suffix), TICKET_REJECTIONS, `login(${JSON.stringify(user)}) with ${JSON.stringify(suffix)} appended to the ticket`);
    });
    for (const c of clients) await mustStatus(c, 'logged-out', 'after every tampered ticket was rejected');
    if (s.has('accounts')) must(!(await s.harness.accountExists('alice')), 'a tampered ticket created the account "alice"');
  });

  spec('ticket.tampered', 'a TLSSigAPIv2 ticket rewritten with a longer validity or a later issue time, its signature kept, is rejected', async (s) => {
    // The signature must cover the ticket's times: else a ticket could be made to live for ever.
    const ticket = await s.sig('alice', { ttlSeconds: 60 });
    const doc = decodeTlsTicket(ticket);
    if (!doc) throw new NotApplicable('the harness issues tickets that are not in the TLSSigAPIv2 format');
    const c = await s.client();
    const forged = { 'TLS.expire': { ...doc, 'TLS.expire': doc['TLS.expire'] * 1000 }, 'TLS.time': { ...doc, 'TLS.time': doc['TLS.time'] + 3600 } };
    for (const [field, changed] of Object.entries(forged)) {
      mustFail(await c.login('alice', encodeTlsTicket(changed)), TICKET_REJECTIONS, `login("alice") with ${field} of her ticket rewritten and its signature kept`);
    }
    await mustStatus(c, 'logged-out', 'after the rewritten tickets were rejected');
  });

  spec('ticket.tampered', "a TLSSigAPIv2 ticket rewritten to name another user, or this app instead of another, its signature kept, is rejected", async (s) => {
    // The signature must cover whom and which app the ticket is for: else any ticket seen in use logs anyone in.
    const [bobs, otherApps, hers] = await Promise.all([s.sig('bob'), s.sig('alice', { signWith: 'other-app' }), s.sig('alice')]);
    const [bob, other, alice] = [decodeTlsTicket(bobs), decodeTlsTicket(otherApps), decodeTlsTicket(hers)];
    if (!bob || !other || !alice) throw new NotApplicable('the harness issues tickets that are not in the TLSSigAPIv2 format');
    const forged = [
      // The values alice's own ticket carries: an adapter may map user IDs to the service's.
      { what: `bob's ticket, its TLS.identifier rewritten to alice's (${JSON.stringify(alice['TLS.identifier'])})`, ticket: encodeTlsTicket({ ...bob, 'TLS.identifier': alice['TLS.identifier'] }) },
      { what: `a ticket for another app, its TLS.sdkappid rewritten to this app's (${JSON.stringify(alice['TLS.sdkappid'])})`, ticket: encodeTlsTicket({ ...other, 'TLS.sdkappid': alice['TLS.sdkappid'] }) },
    ];
    await eachAtOnce(forged, async ({ what, ticket }) => {
      const c = await s.client();
      mustFail(await c.login('alice', ticket), TICKET_REJECTIONS, `${c.label}.login("alice") with ${what} and its signature kept`);
      await mustStatus(c, 'logged-out', `after the login with ${what}`);
    });
    if (s.has('accounts')) must(!(await s.harness.accountExists('alice')), 'a rewritten ticket created the account "alice"');
  });

  spec('ticket.empty', 'an empty ticket is rejected: sig-empty (70002), or an invalid parameter refused before sending', async (s) => {
    await s.mustRejectLogin(await s.client(), 'alice', '', EMPTY_TICKET_REJECTIONS);
  });

  spec('ticket.expired-at-login', 'a ticket used after its validity is rejected with sig-expired; one second before, it works', async (s) => {
    const sig = await s.sig('alice', { ttlSeconds: 60 });
    await s.harness.advanceClock(59_000);
    const early = await s.client();
    mustMean(await early.login('alice', sig), 'ok', 'login("alice") with a ticket that expires in one second');
    await s.harness.advanceClock(2_000);
    const late = await s.client(s.preferred('web'));
    mustMean(await late.login('alice', sig), 'sig-expired', 'login("alice") with a ticket expired one second ago');
    await mustStatus(late, 'logged-out', 'after the expired ticket was rejected');
  });

  spec('ticket.expires-online', 'an expiring ticket raises onUserSigExpired once and ends the session; a new ticket logs in again', async (s) => {
    const c = await s.client();
    mustMean(await c.login('alice', await s.sig('alice', { ttlSeconds: DAY })), 'ok', 'login("alice")');
    await s.harness.advanceClock(DAY * 1000 - 1000);
    await s.settle();
    mustSeeEvents(c, 'userSigExpired', 0, 'one second before the ticket expires');
    await mustStatus(c, 'logged-in', 'one second before the ticket expires');
    await s.harness.advanceClock(2000);
    await s.settle();
    mustSeeEvents(c, 'userSigExpired', 1, 'after the ticket expired online');
    await mustStatus(c, 'logged-out', 'after the ticket expired online');
    if (s.has('online-state')) must(!(await s.harness.onlineState('alice'))[c.platform], 'the expired session is still online on the server');
    await s.harness.advanceClock(DAY * 1000);
    await s.settle();
    mustSeeEvents(c, 'userSigExpired', 1, 'a day after the ticket expired');
    await s.mustLogin(c, 'alice');
    await mustStatus(c, 'logged-in', 'after logging in with a new ticket');
  });
});
