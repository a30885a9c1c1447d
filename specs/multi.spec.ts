// multi: several instances of one user: the default (one instance per platform), and with the
// login-policy capability, the console's policies and per-platform limits; then races.
import fc from 'fast-check';
import { describe } from 'vitest';
import { PLATFORMS, type LoginPolicy, type LoginSettings, type Platform } from '../adapters/contract.ts';
import type { CheckedClient, Reply } from '../fixtures/checked-adapter.ts';
import { allowedTogether, applySettings, DEFAULT_POLICY_STATE, kickChoices, MAX_INSTANCES_BOUND, POLICIES } from '../fixtures/model/policy.ts';
import { must, mustFail, mustMean, mustSeeEvents, mustStatus, mustUser, type Scene } from '../fixtures/scene.ts';
import { eachAtOnce } from '../fixtures/parallel.ts';
import { property, spec } from '../fixtures/spec.ts';

describe('multi', () => {
  spec('multi.same-platform-default', 'on every platform, a second login of the user kicks the first, which is told once', async (s) => {
    for (const platform of s.platforms) {
      const first = await s.loggedIn('alice', platform);
      const second = await s.loggedIn('alice', platform);
      await s.settle();
      mustSeeEvents(first, 'kickedOffline', 1, `after a second ${platform} login`);
      mustSeeEvents(second, 'kickedOffline', 0, `after logging in as the second ${platform} instance`);
      await mustStatus(second, 'logged-in', `as the newest ${platform} instance`);
      if (s.has('online-state')) {
        const online = await s.harness.onlineState('alice');
        must(online[platform] === 1, `alice has ${online[platform] ?? 0} ${platform} instance(s) online; expected 1`);
      }
    }
  });

  spec('multi.kicked-state', 'a kicked client reports logged out with no user, and gated APIs fail', async (s) => {
    const first = await s.loggedIn('alice', s.preferred('iphone'));
    await s.loggedIn('alice', first.platform);
    await s.settle();
    await mustStatus(first, 'logged-out', `after a second ${first.platform} login (kicked)`);
    await mustUser(first, '', 'after being kicked');
    const api = s.adapter.gatedApis[0]!;
    mustFail(await first.callGated(api, api === 'sendMessage' ? { to: 'alice', text: 'hi' } : undefined), ['not-logged-in'], `${api}() after being kicked`);
  });

  spec('multi.kicked-state', 'a logout that crosses its kick on the wire is harmless: the client ends logged out and can log in again', async (s) => {
    const platform = s.preferred('android');
    const first = await s.loggedIn('alice', platform);
    await s.harness.network('hold', first); // the kick is held on first's link, and so is its logout
    await s.loggedIn('alice', platform);
    const logout = first.logout();
    await s.harness.network('restore', first);
    mustMean(await logout, ['ok', 'not-logged-in'], 'logout() sent before the kick was read');
    await s.settle();
    must(first.eventsOf('kickedOffline').length <= 1, `${first.label} saw ${first.eventsOf('kickedOffline').length} kickedOffline events; at most one`);
    await mustStatus(first, 'logged-out', 'after its logout crossed the kick');
    await s.mustLogin(first, 'alice');
  }, { needs: ['network-faults'] });

  spec('multi.kicked-state', 'a kicked client can log in again, which kicks the other instance in turn', async (s) => {
    const first = await s.loggedIn('alice', 'windows');
    const second = await s.loggedIn('alice', 'windows');
    await s.settle();
    await s.mustLogin(first, 'alice');
    await s.settle();
    await mustStatus(first, 'logged-in', 'after logging in again');
    await mustStatus(second, 'logged-out', 'after the kicked instance logged in again (kicked in turn)');
  });
});

/** Every pair and every triple of distinct platforms from the list. */
const pairs = (ps: readonly Platform[]) => ps.flatMap((a, i) => ps.slice(i + 1).map((b): [Platform, Platform] => [a, b]));
const triples = (ps: readonly Platform[]) => ps.flatMap((a, i) => ps.slice(i + 1).flatMap((b, j) => ps.slice(i + j + 2).map((c) => [a, b, c])));
/** Every set of at least `n` distinct platforms from the list. */
const setsOfAtLeast = (n: number, ps: readonly Platform[]) => Array.from({ length: 2 ** ps.length }, (_, bits) => ps.filter((_, i) => bits & (1 << i))).filter((set) => set.length >= n);

describe('multi: policies and limits', () => {
  spec('multi.policy-allows', 'under every policy, every pair and triple of platforms it allows stays online together', async (s) => {
    s.needsPlatforms(2);
    for (const policy of POLICIES) {
      await s.configure({ policy });
      // The combinations are checked side by side, each lane with a user of its own, logged out after each.
      const combos = [...pairs(s.platforms), ...triples(s.platforms)].filter((c) => allowedTogether(policy, c));
      await eachAtOnce(combos, (combo, lane) => mustStayTogether(s, policy, combo, `u${lane + 1}`));
    }
  });

  spec('multi.policy-allows', 'under every policy, every set of four, five or six platforms it allows stays online together', async (s) => {
    s.needsPlatforms(4);
    for (const policy of POLICIES) {
      // Only multi-platform allows more than three (one mobile, one desktop and web at most otherwise).
      const combos = setsOfAtLeast(4, s.platforms).filter((c) => allowedTogether(policy, c));
      if (combos.length === 0) continue;
      await s.configure({ policy });
      await eachAtOnce(combos, (combo, lane) => mustStayTogether(s, policy, combo, `u${lane + 1}`));
    }
  });

  spec('multi.policy-kicks', 'under every policy, a login on a platform it does not allow alongside kicks the earlier instance', async (s) => {
    s.needsPlatforms(2);
    for (const policy of POLICIES) {
      await s.configure({ policy });
      const ordered = [...pairs(s.platforms), ...pairs(s.platforms).map(([x, y]): [Platform, Platform] => [y, x])].filter((c) => !allowedTogether(policy, c));
      await eachAtOnce(ordered, async ([a, b], lane) => {
        const user = `u${lane + 1}`;
        const earlier = await s.loggedIn(user, a);
        const later = await s.loggedIn(user, b);
        await s.settle();
        must(earlier.eventsOf('kickedOffline').length === 1, `${policy}: logging in on ${b} after ${a}: the ${a} instance saw ${earlier.eventsOf('kickedOffline').length} kickedOffline; expected 1`);
        await mustStatus(earlier, 'logged-out', `${policy}: after a ${b} login kicked it`);
        must(later.eventsOf('kickedOffline').length === 0, `${policy}: the newer ${b} instance was kicked`);
        await mustStatus(later, 'logged-in', `${policy}: as the newer ${b} instance`);
        await logoutAll(s, [earlier, later]);
      });
    }
  });

  spec('multi.policy-kicks', 'a later change of only the per-platform maximum keeps the policy: single-platform still kicks across platforms', async (s) => {
    s.needsPlatforms(2);
    const [a, b] = s.platforms as [Platform, Platform];
    await s.configure({ policy: 'single-platform' });
    await s.configure({ maxInstances: { [a]: 2 } });
    const earlier = await s.loggedIn('alice', a);
    await s.loggedIn('alice', b);
    await s.settle();
    mustSeeEvents(earlier, 'kickedOffline', 1, `under single-platform (kept when only maxInstances changed), after a ${b} login`);
  });

  spec('multi.per-platform-limit', 'a later change of only the policy keeps the maxima: one instance per platform by default, so a second login still kicks the first', async (s) => {
    await s.configure({ policy: 'multi-platform' });
    const platform = s.preferred('android');
    const earlier = await s.loggedIn('alice', platform);
    const later = await s.loggedIn('alice', platform);
    await s.settle();
    mustSeeEvents(earlier, 'kickedOffline', 1, `after a second ${platform} login under the default maximum of 1 (kept when only the policy changed)`);
    mustSeeEvents(later, 'kickedOffline', 0, `as the newer ${platform} instance`);
  }, { needs: ['login-policy'] });

  spec('multi.per-platform-limit', 'with the maximum configured on every platform, that many stay online and the next kicks one earlier instance once', async (s) => {
    await s.configure({ policy: 'multi-platform', maxInstances: { ...MAX_INSTANCES_BOUND } });
    for (const platform of s.platforms) {
      const max = MAX_INSTANCES_BOUND[platform];
      const clients: CheckedClient[] = [];
      for (let i = 0; i < max; i++) clients.push(await s.loggedIn(`max-${platform}`, platform));
      await s.settle();
      for (const c of clients) mustSeeEvents(c, 'kickedOffline', 0, `as one of ${max} ${platform} instances with a maximum of ${max}`);
      const newest = await s.loggedIn(`max-${platform}`, platform);
      await s.settle();
      // "A newly logged in instance will kick out an earlier one": which one, the page does not say.
      const kicked = clients.filter((c) => c.eventsOf('kickedOffline').length > 0);
      must(kicked.length === 1, `${kicked.length} of the ${max} earlier ${platform} instances were kicked by login ${max + 1}; expected 1`);
      mustSeeEvents(kicked[0]!, 'kickedOffline', 1, `as the earlier ${platform} instance login ${max + 1} kicked`);
      mustSeeEvents(newest, 'kickedOffline', 0, `as the newest ${platform} instance`);
      if (s.has('online-state')) {
        const online = await s.harness.onlineState(`max-${platform}`);
        must(online[platform] === max, `the server shows ${online[platform] ?? 0} ${platform} instances; expected ${max}`);
      }
    }
  });

  spec('multi.per-platform-limit', 'any order of logins on any platforms, under any policy and limits, kicks exactly whom the rules allow (property)', async (s, ctx) => {
    const platform = fc.constantFrom(...s.platforms);
    const scenario = fc.record({
      policy: fc.constantFrom(...POLICIES),
      limits: fc.record({ web: fc.integer({ min: 1, max: 10 }), android: fc.integer({ min: 1, max: 3 }), iphone: fc.integer({ min: 1, max: 3 }) }),
      logins: fc.array(platform, { minLength: 1, maxLength: 8 }),
    });
    await property(ctx, scenario, async ({ policy, limits, logins }, s) => {
      const state = applySettings(DEFAULT_POLICY_STATE, { policy, maxInstances: limits })!;
      await s.configure({ policy, maxInstances: limits });
      const user = 'alice';
      const instances: { platform: Platform; client: CheckedClient }[] = [];
      for (const p of logins) instances.push({ platform: p, client: await s.loggedIn(user, p) });
      await s.settle();
      const context = `(${policy}, ${JSON.stringify(limits)}, logins ${logins.join(',')})`;
      const kicked = instances.filter((i) => i.client.eventsOf('kickedOffline').length > 0);
      // The rules fix how many go and from where; which earlier one on a login's own platform is
      // open. Some way they allow must kick exactly the instances that were kicked.
      const explains = (next: number, online: typeof instances): boolean => {
        if (next === instances.length) return online.length + kicked.length === instances.length;
        const login = instances[next]!;
        return kickChoices(state, online, login.platform)
          .filter((victims) => victims.every((v) => kicked.includes(v)))
          .some((victims) => explains(next + 1, [...online.filter((o) => !victims.includes(o)), login]));
      };
      must(explains(0, []), `${context}: the instances kicked (${kicked.map((k) => `${k.platform} #${instances.indexOf(k) + 1}`).join(', ') || 'none'}) are not what any order the rules allow gives`);
      for (const { client } of instances.filter((i) => !kicked.includes(i))) mustSeeEvents(client, 'kickedOffline', 0, `${context} as an instance that stays`);
      for (const { client } of kicked) mustSeeEvents(client, 'kickedOffline', 1, `${context} as an instance that was kicked`);
    }, { runs: 40 });
  });

  spec('multi.limit-bounds', '1 and the maximum are accepted on every platform; one above it (10 on web, 3 elsewhere) or 0 is refused and changes nothing', async (s) => {
    // Both sides of both ends, on every platform (a small domain, enumerated).
    await s.configure({ maxInstances: Object.fromEntries(PLATFORMS.map((p) => [p, 1])) });
    await s.configure({ maxInstances: Object.fromEntries(PLATFORMS.map((p) => [p, MAX_INSTANCES_BOUND[p]])) });
    for (const platform of PLATFORMS) {
      for (const n of [MAX_INSTANCES_BOUND[platform] + 1, 0]) {
        const reply = await s.harness.configure({ maxInstances: { [platform]: n } });
        must(reply.meaning !== 'ok', `configure(maxInstances.${platform} = ${n}) was accepted; the console allows 1..${MAX_INSTANCES_BOUND[platform]}`);
      }
    }
    // The refused settings changed nothing: three instances on one platform still stay online together.
    const p = s.preferred('android');
    const clients = [await s.loggedIn('bounded', p), await s.loggedIn('bounded', p), await s.loggedIn('bounded', p)];
    await s.settle();
    for (const c of clients) mustSeeEvents(c, 'kickedOffline', 0, `with a maximum of ${p === 'web' ? 10 : 3} ${p} instances after refused changes`);
  });

  spec('multi.limit-bounds', "a refused change leaves the policy and every platform's maximum as they were, whatever valid settings came with it", async (s) => {
    // Settings unlike the defaults, so that a refusal that resets them shows too.
    await s.configure({ policy: 'single-platform', maxInstances: { ...MAX_INSTANCES_BOUND } });
    const ones = (ps: readonly Platform[]) => Object.fromEntries(ps.map((p) => [p, 1]));
    const [first, last] = [PLATFORMS[0], PLATFORMS[PLATFORMS.length - 1]!];
    // Valid settings beside the bad value: a policy, valid maxima listed before it, and after it.
    const refused: LoginSettings[] = [
      { policy: 'multi-platform', maxInstances: { [last]: MAX_INSTANCES_BOUND[last] + 1 } },
      { maxInstances: { ...ones(PLATFORMS), [last]: MAX_INSTANCES_BOUND[last] + 1 } },
      { maxInstances: { [first]: 0, ...ones(PLATFORMS.slice(1)) } },
    ];
    const replies = await Promise.all(refused.map((change) => s.harness.configure(change)));
    for (const [i, reply] of replies.entries()) must(reply.meaning !== 'ok', `configure(${JSON.stringify(refused[i])}) was accepted; the console allows 1..10 on web and 1..3 elsewhere`);
    const after = 'after the refused changes';
    // Each platform still holds exactly its maximum, and single-platform still kicks across platforms: side by side.
    const checks = s.platforms.map((p) => async () => {
      const max = MAX_INSTANCES_BOUND[p];
      const clients = await Promise.all(Array.from({ length: max }, () => s.loggedIn(`max-${p}`, p)));
      await s.settle();
      // Out by event or by status: how a kick is told is other rules' business.
      const early = (await Promise.all(clients.map(isOut))).filter(Boolean).length;
      must(early === 0, `${early} of ${max} ${p} instances were put out ${after}; a maximum of ${max} keeps them all`);
      await s.loggedIn(`max-${p}`, p);
      await s.settle();
      const out = (await Promise.all(clients.map(isOut))).filter(Boolean).length;
      must(out === 1, `login ${max + 1} on ${p} put ${out} of the ${max} earlier instances out ${after}; expected 1 (maximum ${max})`);
    });
    if (s.platforms.length >= 2) {
      const [a, b] = s.platforms as [Platform, Platform];
      checks.push(async () => {
        const earlier = await s.loggedIn('policy', a);
        await s.loggedIn('policy', b);
        await s.settle();
        must(await isOut(earlier), `${earlier.label} is still logged in after a login on ${b}; single-platform should hold ${after} (one named multi-platform)`);
      });
    }
    await eachAtOnce(checks, (check) => check());
  });

  spec('multi.newest-wins-under-race', '200 concurrent logins of one user on one platform leave exactly one online; every other is kicked once', async (s) => {
    const K = 200;
    const platform = s.preferred('android');
    const clients = await Promise.all(Array.from({ length: K }, () => s.client(platform)));
    const sig = await s.sig('alice');
    const answers = await Promise.all(clients.map((c) => c.login('alice', sig)));
    await s.settle();
    await mustAgreeOnOnline(s, clients, answers, 'alice', platform, 1);
  });

  spec('multi.newest-wins-under-race', 'with a maximum of 3, concurrent logins leave exactly the 3 newest online', async (s) => {
    await s.configure({ maxInstances: { web: 3 } });
    const clients = await Promise.all(Array.from({ length: 60 }, () => s.client('web')));
    const sig = await s.sig('alice');
    const answers = await Promise.all(clients.map((c) => c.login('alice', sig)));
    await s.settle();
    await mustAgreeOnOnline(s, clients, answers, 'alice', 'web', 3);
  }, { needs: ['login-policy'] });

  spec('multi.newest-wins-under-race', 'logins, logouts and drops in any interleaving leave clients and server in agreement (scheduler)', async (s, ctx) => {
    const scenario = fc.record({ scheduler: fc.scheduler(), logouts: fc.subarray([0, 1, 2, 3, 4]), drop: fc.option(fc.nat(4), { nil: undefined }) });
    await property(ctx, scenario, async ({ scheduler, logouts, drop }, s) => {
      const user = 'alice';
      const platform = s.preferred('ipad');
      const clients = await Promise.all(Array.from({ length: 5 }, () => s.client(platform)));
      const sig = await s.sig(user);
      const canDrop = drop !== undefined && s.has('network-faults');
      const tasks = clients.map(async (c, i) => {
        await scheduler.schedule(Promise.resolve(`login(${user}@${platform}#${i + 1})`));
        const answer = await c.login(user, sig);
        if (logouts.includes(i)) {
          await scheduler.schedule(Promise.resolve(`logout(#${i + 1})`));
          await c.logout();
        }
        if (canDrop && drop === i) {
          await scheduler.schedule(Promise.resolve(`drop(#${i + 1})`));
          await s.harness.network('drop', c);
          await s.restore(c);
        }
        return answer;
      });
      // Releases the scheduled steps one at a time, in the order fast-check chose, until all are done.
      const answers = await scheduler.waitFor(Promise.all(tasks));
      await s.settle();
      await mustAgreeOnOnline(s, clients, answers, user, platform, undefined);
    }, { runs: 30 });
  });
});

/** The user logs in on every platform of the combination: none is kicked, and the server shows one instance on each. */
async function mustStayTogether(s: Scene, policy: LoginPolicy, combo: readonly Platform[], user: string): Promise<void> {
  const clients: CheckedClient[] = [];
  for (const platform of combo) clients.push(await s.loggedIn(user, platform));
  await s.settle();
  for (const c of clients) {
    must(c.eventsOf('kickedOffline').length === 0, `${policy}: ${c.label} was kicked although ${combo.join(' + ')} may be online together`);
  }
  if (s.has('online-state')) {
    const online = await s.harness.onlineState(user);
    must(combo.every((p) => online[p] === 1), `${policy}: the server shows ${JSON.stringify(online)} for ${combo.join(' + ')}; expected one instance each`);
  }
  await logoutAll(s, clients);
}

/** Whether the client was kicked, as its event or its status shows. */
async function isOut(c: CheckedClient): Promise<boolean> {
  return c.eventsOf('kickedOffline').length > 0 || (await c.getLoginStatus()).data === 'logged-out';
}

/**
 * Ends a check of the policy matrix: the lane's user has no instance left for its next check
 * (accounts are reused, not multiplied). Only instances still logged in are logged out: what a
 * logout answers when logged out is another rule's (logout.when-logged-out).
 */
async function logoutAll(s: Scene, clients: readonly CheckedClient[]): Promise<void> {
  for (const c of clients) {
    if ((await c.getLoginStatus()).data === 'logged-in') mustMean(await c.logout(), 'ok', `${c.label}.logout() after the check`);
  }
  await s.settle();
}

/**
 * After a race: each client is kicked at most once, a kicked client is logged out, and the
 * server's count on the platform equals the clients that say they are logged in (at most
 * `survivors`, exactly that many when given).
 */
async function mustAgreeOnOnline(s: Scene, clients: CheckedClient[], answers: Reply[], user: string, platform: Platform, survivors: number | undefined): Promise<void> {
  let loggedIn = 0;
  for (const [i, c] of clients.entries()) {
    const kicks = c.eventsOf('kickedOffline').length;
    must(kicks <= 1, `${c.label} saw ${kicks} kickedOffline events; at most one per login`);
    const status = (await c.getLoginStatus()).data;
    if (status === 'logged-in') loggedIn++;
    if (kicks === 1) must(status === 'logged-out', `${c.label} was kicked but reports "${String(status)}"`);
    if (answers[i]?.meaning === 'ok' && status !== 'logged-in' && kicks === 0) {
      const user = (await c.getLoginUser()).data;
      must(user === '', `${c.label} logged in, is not kicked, yet reports "${String(status)}" as ${JSON.stringify(user)}`);
    }
  }
  if (survivors !== undefined) must(loggedIn === survivors, `${loggedIn} clients report logged-in after the race; expected exactly ${survivors}`);
  if (survivors !== undefined) {
    const kicked = clients.filter((c) => c.eventsOf('kickedOffline').length === 1).length;
    const succeeded = answers.filter((a) => a.meaning === 'ok').length;
    must(kicked === succeeded - survivors, `${kicked} clients were kicked; expected every successful login but the ${survivors} newest (${succeeded - survivors})`);
  }
  if (s.has('online-state')) {
    const online = await s.harness.onlineState(user);
    must((online[platform] ?? 0) === loggedIn, `the server shows ${online[platform] ?? 0} ${platform} instance(s) of ${user}; ${loggedIn} client(s) say they are logged in`);
  }
}
