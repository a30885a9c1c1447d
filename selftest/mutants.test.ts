// The suite is only as good as the bugs it catches. The whole suite runs against the reference
// (everything passes) and against every mutant (each caught by the rule it breaks). The exact
// set of failing rules is pinned, so a rule that starts or stops tripping is noticed; rules
// beyond the target are ones the same bug really breaks.
import { describe, expect, it } from 'vitest';
import { MUTANT_NAMES } from '../adapters/registry.ts';
import { ruleById } from '../specs/catalog.ts';
import { runCli } from './run-cli.ts';

/** mutant -> [the rule it targets, every rule it fails]. */
const CAUGHT_BY: Record<string, [target: string, fails: string[]]> = {
  'accepts-33-byte-ids': ['user-id.max-bytes', ['user-id.max-bytes', 'signup.only-on-success']],
  'accepts-dot': ['user-id.charset', ['user-id.charset', 'signup.only-on-success']],
  'accepts-empty-id': ['user-id.empty', ['user-id.empty']],
  'counts-characters': ['user-id.bytes-not-chars', ['user-id.charset', 'user-id.bytes-not-chars']],
  'truncates-long-ids': ['user-id.no-silent-rewrite', ['user-id.max-bytes', 'user-id.no-silent-rewrite', 'signup.only-on-success']],
  'folds-case': ['user-id.no-silent-rewrite', ['user-id.no-silent-rewrite']],
  'leaks-join-group': [
    'gating.before-login',
    ['gating.before-login', 'gating.during-login', 'gating.after-failed-login', 'gating.after-logout', 'gating.after-kick'],
  ],
  'gates-conversation-list': ['gating.conversation-list-early', ['gating.conversation-list-early']],
  'login-before-init': ['init.before-init', ['init.before-init', 'logout.uninit']],
  'signs-up-on-failure': [
    'signup.only-on-success',
    // every rule whose rejected login must leave no account behind
    ['user-id.max-bytes', 'user-id.charset', 'user-id.empty', 'user-id.bytes-not-chars', 'signup.only-on-success', 'ticket.wrong-user', 'ticket.tampered', 'ticket.empty'],
  ],
  'ignores-ticket-user': ['ticket.wrong-user', ['gating.after-failed-login', 'signup.only-on-success', 'ticket.wrong-user']],
  'skips-signature': ['ticket.tampered', ['signup.only-on-success', 'ticket.tampered', 'ticket.expired-at-login', 'status.login-user']],
  'accepts-empty-ticket': ['ticket.empty', ['signup.only-on-success', 'ticket.empty', 'status.values']],
  'accepts-expired-ticket': ['ticket.expired-at-login', ['ticket.expired-at-login']],
  'never-expires-online': ['ticket.expires-online', ['ticket.expires-online']],
  'keeps-failed-user': ['status.login-user', ['status.login-user', 'multi.kicked-state']],
  'skips-logging-in': ['status.values', ['status.values']],
  'repeat-login-aborts-first': ['repeat.in-progress', ['repeat.in-progress']],
  'relogin-refused': ['repeat.same-user', ['repeat.same-user']],
  'switch-keeps-old-user': ['switch.last-wins', ['switch.last-wins']],
  'switch-needs-logout': ['switch.no-logout-needed', ['switch.last-wins', 'switch.no-logout-needed']],
  'no-same-platform-kick': [
    'multi.same-platform-default',
    // without the kick, the specs that need a kicked client fail their precondition
    ['gating.after-kick', 'multi.same-platform-default', 'multi.kicked-state', 'kick.relogin'],
  ],
  'silent-kick': ['multi.same-platform-default', ['multi.same-platform-default']],
  'kicked-stays-logged-in': ['multi.kicked-state', ['multi.kicked-state']],
  'kicked-cannot-relogin': ['kick.relogin', ['multi.kicked-state', 'kick.relogin']],
  'logout-stays-online': ['logout.stops-delivery', ['logout.stops-delivery', 'logout.frees-slot']],
  'logout-errors-when-logged-out': ['logout.when-logged-out', ['logout.when-logged-out']],
  'works-after-uninit': ['logout.uninit', ['logout.uninit']],
};

describe('the suite against the reference', () => {
  it('passes every rule that has specs, and exits 0', async () => {
    const { code, report, stdout } = await runCli(['run', '--adapter', 'reference']);
    expect(report.rules.filter((r) => r.status === 'fail').map((r) => r.id), stdout).toEqual([]);
    expect(report.rules.filter((r) => r.status === 'not-applicable').map((r) => r.id)).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('the suite against each mutant', () => {
  it('has an expectation for every mutant, and every mutant exists', () => {
    expect(Object.keys(CAUGHT_BY).sort()).toEqual([...MUTANT_NAMES].sort());
  });

  it.concurrent.each(Object.entries(CAUGHT_BY))('mutant:%s is caught by its rule, and fails exactly the pinned rules', async (name, [target, fails]) => {
    const { code, report, stdout } = await runCli(['run', '--adapter', `mutant:${name}`]);
    const failed = report.rules.filter((r) => r.status === 'fail').map((r) => r.id);
    expect(failed, stdout).toContain(target);
    expect([...failed].sort(), stdout).toEqual([...fails].sort());
    // A failing SHOULD rule is a warning; anything stronger makes the run non-conformant.
    const failsMust = fails.some((id) => ruleById(id).level !== 'SHOULD');
    expect(code).toBe(failsMust ? 1 : 0);
    expect(report.conformant).toBe(!failsMust);
    for (const rule of report.rules.filter((r) => r.status === 'fail')) {
      for (const spec of rule.specs.filter((s) => s.status === 'fail')) {
        expect(spec.message, `${rule.id} failed without a message`).toBeTruthy();
        expect(spec.replay, `${rule.id} failed without a replay command`).toContain(`--adapter mutant:${name}`);
      }
    }
  });
});
