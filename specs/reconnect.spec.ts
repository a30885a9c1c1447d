// reconnect: a network drop is not a logout. The SDK comes back by itself, as the same login.
import { describe } from 'vitest';
import { must, mustFail, mustMean, mustSeeEvents, mustStatus, mustUser, RECONNECT_WITHIN_MS } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

describe('reconnect', () => {
  spec('reconnect.auto', 'after a drop and restore the client is back online without a login call, and gated APIs work', async (s) => {
    const c = await s.loggedIn('alice');
    await s.harness.network('drop', c);
    await s.restore(c);
    await mustStatus(c, 'logged-in', 'after the link came back, with no login call');
    const api = s.adapter.gatedApis.find((a) => a !== 'sendMessage') ?? 'sendMessage';
    mustMean(await c.callGated(api, api === 'sendMessage' ? { to: 'alice', text: 'back' } : undefined), 'ok', `${api}() after reconnecting`);
    const kinds = c.events.map((e) => e.kind);
    const lastConnecting = kinds.lastIndexOf('connecting');
    must(lastConnecting > 0 && kinds.indexOf('connectSuccess', lastConnecting) > lastConnecting, `expected connecting then connectSuccess on return; events were ${kinds.join(', ')}`);
  });

  spec('reconnect.auto', 'a login cut mid-flight by a drop does not leave the client half logged in', async (s) => {
    const c = await s.client();
    await s.harness.network('hold', c);
    const login = c.login('alice', await s.sig('alice'));
    await s.harness.network('drop', c);
    const reply = await login;
    await s.restore(c);
    const status = await c.getLoginStatus();
    if (reply.meaning === 'ok') must(status.data === 'logged-in', `the cut login answered ok but the client is "${String(status.data)}" after reconnecting`);
    else must(status.data === 'logged-out', `the cut login answered ${reply.code} (${reply.meaning}) but the client is "${String(status.data)}"`);
    if (s.has('online-state')) {
      const online = await s.harness.onlineState('alice');
      must((online[c.platform] ?? 0) === (status.data === 'logged-in' ? 1 : 0), `the server shows ${online[c.platform] ?? 0} ${c.platform} instance(s) for a client that is "${String(status.data)}"`);
    }
    await s.mustLogin(c, 'alice');
  });

  spec('reconnect.keeps-identity', 'during and after a drop the login user is unchanged and nothing is kicked', async (s) => {
    const c = await s.loggedIn('alice');
    await s.harness.network('drop', c);
    await mustUser(c, 'alice', 'while the link is down');
    await s.restore(c);
    await mustUser(c, 'alice', 'after reconnecting');
    mustSeeEvents(c, 'kickedOffline', 0, 'across the drop');
    mustSeeEvents(c, 'userSigExpired', 0, 'across the drop');
  });

  spec('reconnect.keeps-identity', 'a gated call while the link is down answers, and the client stays logged in as alice', async (s) => {
    const c = await s.loggedIn('alice');
    await s.harness.network('drop', c);
    const api = s.adapter.gatedApis.find((a) => a !== 'sendMessage') ?? 'sendMessage';
    await c.callGated(api, api === 'sendMessage' ? { to: 'alice', text: 'offline' } : undefined); // any answer: it is offline
    await mustStatus(c, 'logged-in', `after ${api}() while the link was down`);
    await mustUser(c, 'alice', `after ${api}() while the link was down`);
    await s.restore(c);
    mustMean(await c.callGated(api, api === 'sendMessage' ? { to: 'alice', text: 'back' } : undefined), 'ok', `${api}() after reconnecting`);
  });

  spec('reconnect.auto', 'a client initialised while the link is down connects by itself once it is back, and can log in', async (s) => {
    const c = await s.client(s.preferred('android'), { init: false });
    await s.harness.network('drop', c);
    const init = await c.init(); // offline: an SDK may answer ok (and connect later) or fail
    await s.restore(c);
    if (init.meaning !== 'ok') mustMean(await c.init(), 'ok', 'init() once the link is back');
    await s.mustLogin(c, 'alice');
    await mustStatus(c, 'logged-in', 'after logging in once the link was back');
  });

  spec('reconnect.no-self-kick', 'coming back online kicks neither the other instances nor itself', async (s) => {
    await s.configure({ policy: 'multi-platform' });
    const phone = await s.loggedIn('alice', 'android');
    const web = await s.loggedIn('alice', 'web');
    await s.harness.network('drop', phone);
    await s.restore(phone);
    await s.harness.network('drop', phone);
    await s.restore(phone);
    mustSeeEvents(phone, 'kickedOffline', 0, 'after reconnecting twice');
    mustSeeEvents(web, 'kickedOffline', 0, 'after the android instance reconnected twice');
    await mustStatus(web, 'logged-in', 'after the android instance reconnected');
    if (s.has('online-state')) {
      const online = await s.harness.onlineState('alice');
      must(online.android === 1 && online.web === 1, `alice's instances after two reconnects: ${JSON.stringify(online)}; expected one android and one web`);
    }
  }, { needs: ['login-policy'] });

  spec('reconnect.no-self-kick', 'a second login on the platform while the first is away kicks it: told on return', async (s) => {
    const away = await s.loggedIn('alice', s.preferred('iphone'));
    await s.harness.network('drop', away);
    const newer = await s.loggedIn('alice', away.platform);
    await s.restore(away);
    mustSeeEvents(away, 'kickedOffline', 1, `on returning after a newer ${away.platform} login`);
    await mustStatus(away, 'logged-out', `on returning after a newer ${away.platform} login`);
    mustSeeEvents(newer, 'kickedOffline', 0, 'when the older instance came back');
    await mustStatus(newer, 'logged-in', 'when the older instance came back');
  });

  spec('reconnect.expired-while-away', 'a ticket that expired one second before the link came back gives onUserSigExpired on return', async (s) => {
    const c = await s.client();
    mustMean(await c.login('alice', await s.sig('alice', { ttlSeconds: 3600 })), 'ok', 'login("alice") with a one-hour ticket');
    await s.harness.network('drop', c);
    await s.harness.advanceClock(3601_000);
    await s.restore(c);
    mustSeeEvents(c, 'userSigExpired', 1, 'on returning after the ticket expired');
    await mustStatus(c, 'logged-out', 'on returning with an expired ticket');
    mustFail(await c.callGated(s.adapter.gatedApis[0]!, { to: 'bob', text: 'x' }), ['not-logged-in'], 'a gated API after returning with an expired ticket');
  });

  spec('reconnect.expired-while-away', 'a ticket still valid once the client is back (one second to spare) resumes the session, with no onUserSigExpired', async (s) => {
    const c = await s.client();
    mustMean(await c.login('alice', await s.sig('alice', { ttlSeconds: 3600 })), 'ok', 'login("alice") with a one-hour ticket');
    await s.harness.network('drop', c);
    // restore() moves the clock through the reconnect window: the ticket has one second left after it.
    await s.harness.advanceClock(3600_000 - RECONNECT_WITHIN_MS - 1000);
    await s.restore(c);
    mustSeeEvents(c, 'userSigExpired', 0, 'on returning with one second of the ticket left');
    await mustStatus(c, 'logged-in', 'on returning with one second of the ticket left');
  });
});
