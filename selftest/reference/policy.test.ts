// Multi-client login on the reference: the console's policies and per-platform maxima.
import { describe, expect, it } from 'vitest';
import { LoginPolicy, PLATFORMS, type LoginSettings, type Platform } from '../../adapters/contract.ts';
import { admission, CODES, defaultSettings, ReferenceServer, type Session } from '../../adapters/reference/index.ts';
import { device, loggedIn, start, type Device } from './helpers.ts';

// Written out from the console's description, not computed: which two different platforms
// may be online together. Same-platform pairs are the per-platform maximum's business.
const ALLOWED_TOGETHER: Record<LoginPolicy, string[]> = {
  'single-platform': [],
  'dual-platform': ['android+web', 'iphone+web', 'ipad+web', 'windows+web', 'macos+web'],
  'triple-platform': [
    'android+windows', 'android+macos', 'android+web',
    'iphone+windows', 'iphone+macos', 'iphone+web',
    'ipad+windows', 'ipad+macos', 'ipad+web',
    'windows+web', 'macos+web',
  ],
  'multi-platform': [
    'android+iphone', 'android+ipad', 'android+windows', 'android+macos', 'android+web',
    'iphone+ipad', 'iphone+windows', 'iphone+macos', 'iphone+web',
    'ipad+windows', 'ipad+macos', 'ipad+web',
    'windows+macos', 'windows+web', 'macos+web',
  ],
};
const allowed = (policy: LoginPolicy, a: Platform, b: Platform) =>
  a !== b && ALLOWED_TOGETHER[policy].some((pair) => pair === `${a}+${b}` || pair === `${b}+${a}`);

describe('reference: login policies', () => {
  it('admission is a pure function: conflicting platforms and the oldest beyond the maximum, oldest first', () => {
    const s = (platform: Platform, n: number) => ({ platform, n });
    const others = [s('android', 1), s('web', 2), s('android', 3), s('iphone', 4), s('android', 5)];
    const settings = { ...defaultSettings(), policy: 'triple-platform' as const, maxInstances: { ...defaultSettings().maxInstances, android: 2 } };
    // android max 2: keeps the newest one other android (5); iphone conflicts (mobile); web stays
    expect(admission(others, { platform: 'android' }, settings).map((x) => x.n)).toEqual([1, 3, 4]);
    expect(admission(others, { platform: 'web' }, settings).map((x) => x.n)).toEqual([2]);
    expect(admission(others, { platform: 'macos' }, settings)).toEqual([]);
    expect(admission(others, { platform: 'macos' }, { ...settings, policy: 'single-platform' }).map((x) => x.n)).toEqual([1, 2, 3, 4, 5]);
  });

  it('by default: multi-platform, one instance per platform', async () => {
    const h = await start();
    const users = PLATFORMS.map(() => 'alice');
    const devices = [];
    for (const [i, platform] of PLATFORMS.entries()) devices.push(await loggedIn(h, users[i] ?? 'alice', platform));
    expect(await h.onlineState('alice')).toEqual(PLATFORMS.map((platform) => ({ platform, instances: 1 })));
    await loggedIn(h, 'alice', 'web');
    await h.settle();
    expect(devices.map((d) => d.count('kickedOffline'))).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('under every policy, every ordered pair of platforms stays together or kicks the earlier one, exactly once', async () => {
    const h = await start();
    const pairs = PLATFORMS.flatMap((a) => PLATFORMS.map((b) => [a, b] as const));
    // One pair of devices per ordered pair of platforms, reused (logged out) across the policies.
    const runs = await Promise.all(pairs.map(async ([a, b]) => ({ a, b, first: await device(h, a), second: await device(h, b) })));
    for (const policy of LoginPolicy.options) {
      expect(await h.configure({ policy })).toEqual({ code: 0 });
      await Promise.all(
        runs.map(async ({ a, b, first, second }) => {
          const user = `${policy}-${a}-${b}`.slice(0, 32);
          expect(await first.client.login(user, await h.issueSig(user))).toEqual({ code: 0 });
          expect(await second.client.login(user, await h.issueSig(user))).toEqual({ code: 0 });
        }),
      );
      await h.settle();
      // The server's view of all 36 users in one query_online_status call.
      const { results } = await h.rest.queryOnlineStatus(runs.map(({ a, b }) => `${policy}-${a}-${b}`.slice(0, 32)));
      for (const [i, { a, b, first, second }] of runs.entries()) {
        const together = allowed(policy, a, b);
        expect(first.count('kickedOffline'), `${policy}: ${a} then ${b}`).toBe(together ? 0 : 1);
        expect(await first.status()).toBe(together ? 'logged-in' : 'logged-out');
        expect(second.count('kickedOffline')).toBe(0);
        expect(results[i]?.Detail, `${policy}: ${a} then ${b}`).toHaveLength(together ? 2 : 1);
        first.events.length = 0;
      }
      await Promise.all(runs.flatMap(({ first, second }) => [first.client.logout(), second.client.logout()]));
    }
  });

  it('the per-platform maximum composes with the policy: single-platform with 2 Android instances', async () => {
    const h = await start();
    expect(await h.configure({ policy: 'single-platform', maxInstances: { android: 2 } })).toEqual({ code: 0 });
    const [a, b] = [await loggedIn(h, 'alice'), await loggedIn(h, 'alice')];
    expect(await h.onlineState('alice')).toEqual([{ platform: 'android', instances: 2 }]);
    const web = await loggedIn(h, 'alice', 'web');
    await h.settle();
    expect([a.count('kickedOffline'), b.count('kickedOffline'), web.count('kickedOffline')]).toEqual([1, 1, 0]);
    expect(await h.onlineState('alice')).toEqual([{ platform: 'web', instances: 1 }]);
  });
});

describe('reference: per-platform maxima', () => {
  it('on every platform, N instances stay at the maximum and N+1 kicks the oldest, once', async () => {
    const h = await start();
    const bound = (p: Platform) => (p === 'web' ? 10 : 3);
    expect(await h.configure({ maxInstances: Object.fromEntries(PLATFORMS.map((p) => [p, bound(p)])) })).toEqual({ code: 0 });
    await Promise.all(
      PLATFORMS.map(async (platform) => {
        const user = `max-${platform}`;
        const devices: Device[] = [];
        for (let i = 0; i < bound(platform); i++) devices.push(await loggedIn(h, user, platform));
        await h.settle();
        expect(await h.onlineState(user)).toEqual([{ platform, instances: bound(platform) }]);
        expect(devices.every((d) => d.count('kickedOffline') === 0)).toBe(true);
        devices.push(await loggedIn(h, user, platform));
        devices.push(await loggedIn(h, user, platform));
        await h.settle();
        expect(devices.map((d) => d.count('kickedOffline'))).toEqual(devices.map((_, i) => (i < 2 ? 1 : 0)));
        expect(await h.onlineState(user)).toEqual([{ platform, instances: bound(platform) }]);
      }),
    );
  });

  it('refuses out-of-bounds settings with 6017 and changes nothing', async () => {
    const h = await start();
    const refused: unknown[] = [
      { maxInstances: { web: 11 } },
      { maxInstances: { android: 4 } },
      { maxInstances: { macos: 0 } },
      { maxInstances: { ipad: -1 } },
      { maxInstances: { windows: 1.5 } },
      { maxInstances: { iphone: '2' } },
      { maxInstances: { linux: 1 } },
      { policy: 'quad-platform' },
      { policy: 'single-platform', maxInstances: { web: 11 } }, // one bad field: the whole change is refused
    ];
    for (const settings of refused) {
      const answer = await h.configure(settings as LoginSettings);
      expect(answer.code, JSON.stringify(settings)).toBe(CODES.invalidParameters);
      expect(answer.desc).toBeTruthy();
    }
    // Still the defaults: multi-platform, one per platform.
    const [android, iphone] = [await loggedIn(h, 'alice', 'android'), await loggedIn(h, 'alice', 'iphone')];
    const android2 = await loggedIn(h, 'alice', 'android');
    await h.settle();
    expect([android.count('kickedOffline'), iphone.count('kickedOffline'), android2.count('kickedOffline')]).toEqual([1, 0, 0]);
    // The bounds themselves are accepted; a partial change keeps the rest.
    expect(await h.configure({ maxInstances: { web: 10, android: 3, macos: 1 } })).toEqual({ code: 0 });
    expect(await h.configure({ policy: 'dual-platform' })).toEqual({ code: 0 });
    const webs = await Promise.all(Array.from({ length: 10 }, () => loggedIn(h, 'bob', 'web')));
    await h.settle();
    expect(webs.every((w) => w.count('kickedOffline') === 0)).toBe(true);
  });

  it('a change applies from the next login: it kicks nobody by itself', async () => {
    const h = await start();
    await h.configure({ maxInstances: { ipad: 3 } });
    const ipads = [await loggedIn(h, 'alice', 'ipad'), await loggedIn(h, 'alice', 'ipad'), await loggedIn(h, 'alice', 'ipad')];
    expect(await h.configure({ maxInstances: { ipad: 1 }, policy: 'single-platform' })).toEqual({ code: 0 });
    await h.settle();
    expect(await h.onlineState('alice')).toEqual([{ platform: 'ipad', instances: 3 }]);
    const last = await loggedIn(h, 'alice', 'ipad');
    await h.settle();
    expect(ipads.map((d) => d.count('kickedOffline'))).toEqual([1, 1, 1]);
    expect(last.count('kickedOffline')).toBe(0);
  });
});

describe('reference: concurrent logins', () => {
  // (One instance per platform under a smaller race: server-client.test.ts.)
  for (const max of [3]) {
    it(`200 concurrent logins on one platform (maximum ${max}): exactly the ${max} newest in server order survive, every other is kicked once`, async () => {
      const arrivals: string[] = [];
      class RecordsArrival extends ReferenceServer {
        protected override admit(candidate: Session): Session[] {
          arrivals.push(candidate.instanceId);
          return super.admit(candidate);
        }
      }
      const h = await start({ Server: RecordsArrival });
      expect(await h.configure({ maxInstances: { iphone: max } })).toEqual({ code: 0 });
      const devices = await Promise.all(Array.from({ length: 200 }, () => device(h, 'iphone')));
      const sig = await h.issueSig('alice');
      const answers = await Promise.all(devices.map((d) => d.client.login('alice', sig)));
      await h.settle();
      expect(answers.every((a) => a.code === 0)).toBe(true);
      expect(arrivals).toHaveLength(200);
      const newest = new Set(arrivals.slice(-max));
      for (const d of devices) {
        const survives = newest.has(d.client.instanceId);
        expect(await d.status()).toBe(survives ? 'logged-in' : 'logged-out');
        expect(d.count('kickedOffline')).toBe(survives ? 0 : 1);
      }
      // Nothing half-online: the server's view is exactly the clients that say they are logged in.
      expect(await h.onlineState('alice')).toEqual([{ platform: 'iphone', instances: max }]);
    });
  }
});
