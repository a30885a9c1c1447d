// The suite is only as good as the bugs it catches. Every mutant is caught by the rule it breaks
// and by the model spec, which checks every rule at once (the reference passes every rule:
// selftest/reference-run.test.ts). CAUGHT_BY pins every rule each mutant fails; rules beyond the
// target are ones the same bug really breaks.
//
// `npm test` runs each mutant on its target and the model only: all its pinned rules would cost
// a third more, every rule ~8 minutes of CPU, as much as the rest of `npm test` together.
// IMC_EXACT_MATRIX=1 runs every rule against every mutant and checks the pins exactly (a rule that
// starts or stops tripping): run it after changing a spec, a mutant or the model.
import { describe, expect, it } from 'vitest';
import { MUTANT_NAMES } from '../adapters/registry.ts';
import { ruleById } from '../specs/catalog.ts';
import { runCli } from './run-cli.ts';

/**
 * mutant -> [the rule it targets, every rule it fails]. Rules beyond the target are ones the
 * same bug really breaks: specs that need a kick as a precondition, the race spec, and the
 * model spec, which checks every rule at once and must catch every mutant on its own.
 */
const CAUGHT_BY: Record<string, [target: string, fails: string[]]> = {
  'signup-deferred': ['signup.auto', ['signup.auto', 'repeat.in-progress', 'repeat.same-user', 'switch.last-wins', 'model.sequences']],
  // The policy matrix logs each lane's user in again after a logout: a signup that collides breaks it.
  'signup-collides': ['signup.idempotent', ['gating.conversation-list-early', 'init.before-init', 'signup.idempotent', 'ticket.expires-online', 'multi.policy-allows', 'multi.policy-kicks', 'logout.frees-slot', 'kick.admin', 'dau.after-login-only', 'model.sequences']],
  'rejects-day-tickets': ['ticket.valid', ['user-id.max-bytes', 'user-id.charset', 'user-id.no-silent-rewrite', 'gating.before-login', 'gating.conversation-list-early', 'gating.during-login', 'gating.after-logout', 'gating.after-kick', 'init.before-init', 'signup.auto', 'signup.idempotent', 'ticket.valid', 'ticket.expires-online', 'status.login-user', 'status.values', 'reconnect.auto', 'reconnect.keeps-identity', 'reconnect.no-self-kick', 'repeat.in-progress', 'repeat.same-user', 'switch.last-wins', 'switch.no-logout-needed', 'multi.policy-allows', 'multi.policy-kicks', 'multi.same-platform-default', 'multi.per-platform-limit', 'multi.limit-bounds', 'multi.kicked-state', 'multi.newest-wins-under-race', 'logout.stops-delivery', 'logout.frees-slot', 'logout.when-logged-out', 'logout.uninit', 'kick.admin', 'kick.relogin', 'dau.after-login-only', 'model.sequences']],
  // The other side of one day: a cap on a ticket's validity refuses the 7- and 180-day tickets.
  'refuses-long-tickets': ['ticket.valid', ['ticket.valid', 'model.sequences']],
  'accepts-33-byte-ids': ['user-id.max-bytes', ['user-id.max-bytes', 'signup.only-on-success', 'model.sequences']],
  'accepts-any-limit': ['multi.limit-bounds', ['multi.limit-bounds', 'model.sequences']],
  // A refused change keeps what came before its bad value: the policy, and the maxima listed ahead.
  'applies-settings-before-refusing': ['multi.limit-bounds', ['multi.limit-bounds', 'model.sequences']],
  'accepts-dot': ['user-id.charset', ['user-id.charset', 'signup.only-on-success', 'model.sequences']],
  // A pattern anchored as PCRE anchors it: "ab\n" passes. Written by an SDK author from the page alone.
  'accepts-trailing-newline': ['user-id.charset', ['user-id.charset', 'model.sequences']],
  'accepts-empty-id': ['user-id.empty', ['user-id.empty', 'model.sequences']],
  'accepts-empty-ticket': ['ticket.empty', ['signup.only-on-success', 'ticket.empty', 'status.values', 'model.sequences']],
  'accepts-expired-ticket': ['ticket.expired-at-login', ['ticket.expired-at-login', 'signup.only-on-success', 'model.sequences']],
  'admin-kick-misses-iphone': ['kick.admin', ['kick.admin', 'model.sequences']],
  'admin-kick-misses-web': ['kick.admin', ['kick.admin', 'model.sequences']],
  'counts-characters': ['user-id.bytes-not-chars', ['user-id.charset', 'user-id.bytes-not-chars', 'model.sequences']],
  'dau-counts-failures': ['dau.after-login-only', ['dau.after-login-only', 'model.sequences']],
  'dual-as-multi': ['multi.policy-kicks', ['multi.policy-kicks', 'multi.per-platform-limit', 'model.sequences']],
  'dual-as-single': ['multi.policy-allows', ['multi.policy-allows', 'multi.per-platform-limit', 'model.sequences']],
  // A clock-skew margin the wrong way: a ticket is refused in its last minute.
  'expires-early': ['ticket.expired-at-login', ['ticket.expired-at-login', 'model.sequences']],
  'folds-case': ['user-id.no-silent-rewrite', ['user-id.no-silent-rewrite', 'ticket.wrong-user', 'model.sequences']],
  'forgets-user-on-reconnect': ['reconnect.keeps-identity', ['reconnect.keeps-identity', 'model.sequences']],
  'gates-conversation-list': ['gating.conversation-list-early', ['gating.conversation-list-early', 'model.sequences']],
  // The other side of the same rule: the list outlives the session it was fetched in.
  'caches-conversation-list': ['gating.conversation-list-early', ['gating.conversation-list-early', 'model.sequences']],
  'ignores-ticket-user': ['ticket.wrong-user', ['gating.conversation-list-early', 'gating.after-failed-login', 'signup.only-on-success', 'ticket.wrong-user', 'model.sequences']],
  'keeps-failed-user': ['status.login-user', ['status.login-user', 'multi.kicked-state', 'multi.newest-wins-under-race', 'status.values', 'model.sequences']],
  'kick-told-twice': ['multi.same-platform-default', ['reconnect.no-self-kick', 'multi.policy-kicks', 'multi.same-platform-default', 'multi.per-platform-limit', 'multi.newest-wins-under-race', 'kick.admin', 'model.sequences']],
  'kicked-cannot-relogin': ['kick.relogin', ['gating.conversation-list-early', 'multi.kicked-state', 'kick.admin', 'kick.relogin', 'model.sequences']],
  'kicked-stays-logged-in': ['multi.kicked-state', ['reconnect.no-self-kick', 'multi.policy-kicks', 'multi.kicked-state', 'multi.newest-wins-under-race', 'kick.admin', 'model.sequences']],
  'leaks-join-group': ['gating.before-login', ['gating.before-login', 'gating.during-login', 'gating.after-failed-login', 'gating.after-logout', 'gating.after-kick', 'model.sequences']],
  // multi.limit-bounds checks each platform still holds exactly its maximum after refused changes.
  'limit-off-by-one': ['multi.per-platform-limit', ['multi.per-platform-limit', 'multi.limit-bounds', 'multi.newest-wins-under-race', 'model.sequences']],
  'login-before-init': ['init.before-init', ['init.before-init', 'logout.uninit', 'model.sequences']],
  'logout-errors-when-logged-out': ['logout.when-logged-out', ['logout.when-logged-out', 'model.sequences']],
  'logout-stays-online': ['logout.stops-delivery', ['multi.newest-wins-under-race', 'logout.stops-delivery', 'logout.frees-slot', 'status.values', 'model.sequences']],
  // A session ended by its ticket is one of the states gating.conversation-list-early probes.
  'never-expires-online': ['ticket.expires-online', ['gating.conversation-list-early', 'ticket.expires-online', 'model.sequences']],
  'no-auto-reconnect': ['reconnect.auto', ['reconnect.auto', 'reconnect.keeps-identity', 'reconnect.no-self-kick', 'reconnect.expired-while-away', 'multi.newest-wins-under-race', 'kick.admin', 'logout.frees-slot', 'model.sequences']],
  'no-same-platform-kick': ['multi.same-platform-default', ['gating.conversation-list-early', 'gating.after-kick', 'reconnect.no-self-kick', 'multi.same-platform-default', 'multi.per-platform-limit', 'multi.kicked-state', 'multi.newest-wins-under-race', 'kick.relogin', 'model.sequences']],
  // multi.per-platform-limit sets a maximum of 1 on its way to the limits it checks.
  'refuses-limit-of-one': ['multi.limit-bounds', ['multi.per-platform-limit', 'multi.limit-bounds', 'model.sequences']],
  'relogin-refused': ['repeat.same-user', ['repeat.same-user', 'model.sequences']],
  'repeat-login-aborts-first': ['repeat.in-progress', ['repeat.in-progress', 'model.sequences']],
  // Its resume kicks the session itself: it does not come back, even with the ticket still valid.
  'resume-counts-as-new-device': ['reconnect.no-self-kick', ['reconnect.auto', 'reconnect.keeps-identity', 'reconnect.no-self-kick', 'reconnect.expired-while-away', 'model.sequences']],
  'resume-ignores-expiry': ['reconnect.expired-while-away', ['reconnect.expired-while-away', 'model.sequences']],
  'signs-up-on-failure': ['signup.only-on-success', ['user-id.max-bytes', 'user-id.charset', 'user-id.empty', 'user-id.bytes-not-chars', 'signup.only-on-success', 'ticket.wrong-user', 'ticket.tampered', 'ticket.empty', 'model.sequences']],
  'silent-kick': ['multi.same-platform-default', ['reconnect.no-self-kick', 'multi.policy-kicks', 'multi.same-platform-default', 'multi.per-platform-limit', 'multi.newest-wins-under-race', 'kick.admin', 'model.sequences']],
  'skips-logging-in': ['status.values', ['status.values', 'model.sequences']],
  'skips-signature': ['ticket.tampered', ['signup.only-on-success', 'ticket.tampered', 'ticket.expired-at-login', 'status.login-user', 'dau.after-login-only', 'switch.last-wins', 'model.sequences']],
  // Its business server signs the same way, so only a ticket rewritten to name another user tells.
  'unsigned-identifier': ['ticket.tampered', ['ticket.tampered', 'model.sequences']],
  'stale-admission-under-race': ['multi.newest-wins-under-race', ['multi.newest-wins-under-race', 'model.sequences']],
  'switch-keeps-old-user': ['switch.last-wins', ['switch.last-wins', 'model.sequences']],
  'switch-needs-logout': ['switch.no-logout-needed', ['switch.last-wins', 'switch.no-logout-needed', 'model.sequences']],
  'truncates-long-ids': ['user-id.no-silent-rewrite', ['user-id.max-bytes', 'user-id.no-silent-rewrite', 'signup.only-on-success', 'model.sequences']],
  'works-after-uninit': ['logout.uninit', ['logout.uninit', 'model.sequences']],
};

describe('the suite against each mutant', () => {
  it('has an expectation for every mutant, and every mutant exists', () => {
    expect(Object.keys(CAUGHT_BY).sort()).toEqual([...MUTANT_NAMES].sort());
  });

  const exact = process.env.IMC_EXACT_MATRIX === '1';
  const title = exact ? 'mutant:%s is caught by its rule, and fails exactly the pinned rules' : 'mutant:%s is caught by its rule and by the model';
  // One run at a time: the runs are CPU-bound, and three side by side on two cores took half as
  // much CPU again (181 s against 119 s) for the same time.
  it.each(Object.entries(CAUGHT_BY))(title, async (name, [target, pinned]) => {
    // Unshrunk: the pins are about which rules fail; shrinking is the replay tests' concern (selftest/report/).
    const expected = exact ? pinned : [...new Set([target, 'model.sequences'])];
    const { code, report, stdout } = await runCli(['run', '--adapter', `mutant:${name}`, '--no-shrink', ...(exact ? [] : ['--rules', expected.join(',')])]);
    const failed = report.rules.filter((r) => r.status === 'fail').map((r) => r.id);
    expect(failed, stdout).toContain(target);
    expect(failed, 'the model spec alone must catch every mutant').toContain('model.sequences');
    expect([...failed].sort(), stdout).toEqual([...expected].sort());
    const failsMust = expected.some((id) => ruleById(id).level !== 'SHOULD');
    expect(code).toBe(failsMust ? 1 : 0);
    // A failing SHOULD rule is a warning; anything stronger makes the run non-conformant.
    expect(report.conformant).toBe(!failsMust);
    for (const rule of report.rules.filter((r) => r.status === 'fail')) {
      for (const spec of rule.specs.filter((s) => s.status === 'fail')) {
        expect(spec.message, `${rule.id} failed without a message`).toBeTruthy();
        expect(spec.replay, `${rule.id} failed without a replay command`).toContain(`--adapter mutant:${name}`);
        // A broken implementation breaks a rule (or the contract); it never trips over the suite's own code.
        expect(spec.failure?.kind, `${rule.id}: ${spec.message}`).not.toBe('error');
      }
    }
    // Expected against actual travel as data, from the scene's check to the report.
    if (name === 'relogin-refused') {
      const failed = report.rules.find((r) => r.id === 'repeat.same-user')!.specs.find((s) => s.status === 'fail')!;
      expect(failed.failure).toEqual({ kind: 'rule-violation', call: 'login("alice") again while logged in as alice', expected: 'ok', actual: '2025 (unknown (code 2025))' });
    }
  });
});
