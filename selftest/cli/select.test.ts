// --rules, --test and the replay command (cli/engine/select.ts, cli/report/replay.ts).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { replayCommand, shellQuote } from '../../cli/report/replay.ts';
import { rulesNamePattern, selectRules, specFilesOf, titleNamePattern, titleRuleId } from '../../cli/engine/select.ts';
import { misplaced } from '../../fixtures/spec.ts';
import { CATALOG, ruleById } from '../../specs/catalog.ts';

const ids = (pattern: string) => selectRules(pattern, CATALOG).map((r) => r.id);

describe('--rules', () => {
  it('selects by ID glob, by group name, and by several comma-separated terms', () => {
    expect(ids('switch.*')).toEqual(['switch.last-wins', 'switch.no-logout-needed']);
    expect(ids('ticket')).toEqual(CATALOG.filter((r) => r.group === 'ticket').map((r) => r.id));
    expect(ids('user-id.*')).toEqual(CATALOG.filter((r) => r.id.startsWith('user-id.')).map((r) => r.id));
    expect(ids('switch.last-wins, status')).toEqual(['status.login-user', 'status.values', 'switch.last-wins']);
  });

  it('refuses a term that selects nothing, naming it', () => {
    expect(() => selectRules('switch.*,nomatch', CATALOG)).toThrow(/"nomatch" matches no rule/);
  });

  it('treats "." literally: "switch.last" selects nothing, "switch.last*" selects the rule', () => {
    expect(() => selectRules('switch.last', CATALOG)).toThrow();
    expect(ids('switch.last*')).toEqual(['switch.last-wins']);
  });

  it('maps to a name pattern that matches the full test name with its file and describe blocks', () => {
    const re = rulesNamePattern(['switch.last-wins']);
    expect(re.test("specs/switch.spec.ts switch switch.last-wins: bob replaces alice")).toBe(true);
    expect(re.test('specs/x.spec.ts switch.last-winsX: other')).toBe(false);
    expect(re.test('specs/x.spec.ts Xswitch.last-wins: other')).toBe(false);
  });
});

describe('the spec files a selection loads', () => {
  it('are its groups\' files, or every file (undefined) when it takes in every group', () => {
    expect(specFilesOf(selectRules('switch.*,user-id.charset,model.*', CATALOG))).toEqual(['specs/identity.spec.ts', 'specs/switch.spec.ts', 'specs/model.spec.ts']);
    expect(specFilesOf(CATALOG.filter((r) => r.id !== 'switch.last-wins'))).toBeUndefined();
  });

  it('hold every spec of their groups: a spec in another group\'s file fails, one outside specs/ is not held to it', () => {
    const charset = ruleById('user-id.charset');
    expect(() => misplaced('/p/specs/identity.spec.ts', charset)).not.toThrow();
    expect(() => misplaced('C:\\p\\specs\\identity.spec.ts', charset)).not.toThrow();
    expect(() => misplaced('/p/specs/multi.spec.ts', charset)).toThrow('the specs of user-id.charset belong in specs/identity.spec.ts, not /p/specs/multi.spec.ts: a run of --rules identity loads only that file');
    expect(() => misplaced('/p/selftest/cli/fixtures/outcomes.smoke.ts', charset)).not.toThrow();
  });
});

describe('--test', () => {
  it('reads the rule ID off a title', () => {
    expect(titleRuleId("switch.last-wins: alice's instance")).toBe('switch.last-wins');
    expect(titleRuleId('no rule here')).toBeUndefined();
  });

  it('matches exactly that title, escaped', () => {
    const re = titleNamePattern('repeat.in-progress: a (second) login? no.');
    expect(re.test('specs/repeat.spec.ts repeat repeat.in-progress: a (second) login? no.')).toBe(true);
    expect(re.test('specs/repeat.spec.ts repeat.in-progress: a (second) login? no. more')).toBe(false);
  });
});

describe('the replay command', () => {
  it('repeats the adapter, the seed, the quoted title and the path', () => {
    expect(replayCommand({ adapterArg: 'reference', seed: 7, title: "switch.last-wins: alice's", path: '3:1' })).toBe(
      `npx im-conformance run --adapter reference --seed 7 --test 'switch.last-wins: alice'\\''s' --path '3:1'`,
    );
    expect(replayCommand({ adapterArg: './my adapter.ts', seed: -1, title: 't', timeoutMs: 900 })).toBe(
      `npx im-conformance run --adapter './my adapter.ts' --seed -1 --test 't' --timeout 900`,
    );
  });

  it('for the remote adapter, repeats how to reach the driver', () => {
    expect(replayCommand({ adapterArg: 'remote', driverFlags: ['--driver-cmd', 'node driver.js --port 0'], seed: 3, title: 't' })).toBe(
      `npx im-conformance run --adapter remote --driver-cmd 'node driver.js --port 0' --seed 3 --test 't'`,
    );
  });

  it('quotes so that the shell gives back the exact words', () => {
    const words = ["it's", 'a "b" $HOME `x` \\ !', 'plain', ''];
    const echoed = execFileSync('sh', ['-c', `printf '%s\\n' ${words.map((w) => shellQuote(w, true)).join(' ')}`], { encoding: 'utf8' });
    expect(echoed).toBe(words.map((w) => `${w}\n`).join(''));
  });
});
