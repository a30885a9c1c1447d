// The whole suite against the reference, in-process and through the sample driver. In-process,
// every rule passes and every catalog rule has a spec. Through the sample driver (a separate
// process that wraps the reference SDK, reached only through the driver protocol) every rule and
// every spec gets the verdict the in-process run gives, and the run's traffic, recorded by the
// driver, validates against the JSON Schema the CLI exports (checked by a validator independent of
// zod). The same driver dialing in to the suite (--driver-listen) gives the same verdicts again.
// (The mutants run in selftest/mutants.test.ts.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import reference from '../adapters/reference/index.ts';
import { CATALOG } from '../specs/catalog.ts';
import { SUITE } from '../specs/suite.ts';
import { METHOD_NAMES } from '../adapters/remote/protocol.ts';
import { DRIVER } from '../examples/driver-node/driver.ts';
import { type CliRun, runCli, runMain, SAMPLE_DRIVER } from './run-cli.ts';
import { validate, type Schema } from './remote/json-schema-check.ts';

const dir = mkdtempSync(join(tmpdir(), 'imc-remote-'));
const traffic = join(dir, 'traffic.log');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let inProcess: CliRun;
let remote: CliRun;
let dialIn: CliRun;
let schema: Schema;

beforeAll(async () => {
  // One run at a time: the runs are CPU-bound, and side by side on two cores they cost a fifth
  // more CPU for no less time (npm test runs another file meanwhile).
  inProcess = await runCli(['run', '--adapter', 'reference']);
  // Through the driver, every spec runs with 10 cases a property: what these runs show is the
  // protocol and the relay; the properties' power is the in-process run's.
  remote = await runCli(['run', '--adapter', 'remote', '--driver-cmd', SAMPLE_DRIVER, '--runs', '10'], { env: { IMC_SAMPLE_DRIVER_RECORD: traffic } });
  dialIn = await runCli(['run', '--adapter', 'remote', '--driver-listen', '0', '--driver-cmd', `${SAMPLE_DRIVER} --dial "$IMC_DRIVER_URL"`, '--runs', '10']);
  const exported = await runMain(['driver-schema']);
  expect(exported.code, exported.stderr).toBe(0);
  schema = JSON.parse(exported.stdout) as Schema;
}, 300_000); // three whole runs: generous, as npm test runs another file meanwhile

describe('the suite against the reference in-process', () => {
  it('passes every rule that has specs, and exits 0', () => {
    const { code, report, stdout } = inProcess;
    expect(report.rules.filter((r) => r.status === 'fail').map((r) => r.id), stdout).toEqual([]);
    expect(report.rules.filter((r) => r.status === 'not-applicable').map((r) => r.id)).toEqual([]);
    expect(report.suite, 'the report names the suite and catalog that judged it').toEqual(SUITE);
    expect(code).toBe(0);
  });

  it('has a spec for every catalog rule not marked untested, and none for those that are', () => {
    for (const rule of CATALOG) {
      const reported = inProcess.report.rules.find((r) => r.id === rule.id);
      expect(reported, `${rule.id} is missing from the report`).toBeDefined();
      if (rule.untested) expect(reported!.status, `${rule.id} is marked untested`).toBe('not-tested');
      else expect(reported!.specs.length, `${rule.id} has no spec`).toBeGreaterThan(0);
    }
  });
});

const specStatuses = (run: CliRun) => Object.fromEntries(run.report.rules.flatMap((r) => r.specs.map((s) => [s.title, s.status])));

describe('the whole suite through the sample driver', () => {
  it('gives every rule and every spec the status the reference gets in-process', () => {
    const rules = (run: CliRun) => run.report.rules.map((r) => [r.id, r.status]);
    expect(rules(remote), remote.stdout + remote.stderr).toEqual(rules(inProcess));
    expect(specStatuses(remote)).toEqual(specStatuses(inProcess));
    expect(Object.keys(specStatuses(remote)).length).toBeGreaterThan(40);
    expect(remote.code).toBe(inProcess.code);
    expect(remote.report.errors).toEqual(inProcess.report.errors);
  });

  it('reports the SDK, version and capabilities the driver declared, which are the reference adapter\'s, and names the driver', () => {
    expect(remote.report.adapter).toMatchObject({ name: reference.name, version: reference.version, driver: DRIVER, capabilities: [...reference.capabilities] });
    expect(remote.stdout).toContain(`im-conformance: adapter ${reference.name} ${reference.version} (through driver ${DRIVER.name} ${DRIVER.version})`);
  });

  it('sent and received only messages that validate against the exported JSON Schema', () => {
    const lines = readFileSync(traffic, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    const methods = new Map<string, string>(); // "connection:id" -> method
    const seen = new Set<string>();
    const errors: string[] = [];
    const defs = (schema as { $defs: Record<string, Schema> }).$defs;
    for (const line of lines) {
      const [, direction, connection, text] = /^(in|out) (\d+) (.*)$/.exec(line) ?? [];
      const message = JSON.parse(text!) as { id?: number; method?: string; result?: unknown; error?: unknown };
      const fail = (what: string, found: string[]) => found.length && errors.push(`${what}: ${found.slice(0, 3).join('; ')} in ${text!.slice(0, 200)}`);
      fail('root', validate(schema, message));
      if (direction === 'in') {
        const batch = Array.isArray(message) ? (message as (typeof message)[]) : [message];
        if (batch.length > 1) seen.add('(a batch)');
        for (const request of batch) {
          methods.set(`${connection}:${request.id}`, request.method!);
          seen.add(request.method!);
          fail(`${request.method}.request`, validate(defs[`${request.method}.request`]!, request, schema));
        }
      } else if (message.method === 'client.event') {
        seen.add('client.event');
      } else {
        const method = methods.get(`${connection}:${message.id}`);
        expect(method, `an answer to a request that was not recorded: ${text}`).toBeDefined();
        fail(`${method}.response`, validate(defs[message.error ? 'ErrorResponse' : `${method}.response`]!, message, schema));
      }
    }
    expect(errors).toEqual([]);
    // The traffic exercised the protocol: every core request, the reference's capability requests, and events.
    const core = METHOD_NAMES.filter((m) => !m.startsWith('harness.') || ['harness.start', 'harness.stop', 'harness.createClient', 'harness.issueSig', 'harness.settle'].includes(m));
    expect([...seen].sort()).toEqual(expect.arrayContaining([...core.filter((m) => m !== 'ping'), 'client.event', '(a batch)', 'harness.clock.advance', 'harness.accounts.exists'].sort()));
  });
});

describe('the whole suite through the sample driver dialing in (--driver-listen)', () => {
  it('gives every rule and every spec the status it gets dialed out, and says where it waited', () => {
    const rules = (run: CliRun) => run.report.rules.map((r) => [r.id, r.status]);
    expect(rules(dialIn), dialIn.stdout + dialIn.stderr).toEqual(rules(remote));
    expect(specStatuses(dialIn)).toEqual(specStatuses(remote));
    expect(dialIn.code).toBe(remote.code);
    expect(dialIn.report.adapter).toEqual(remote.report.adapter);
    expect(dialIn.stderr).toMatch(/^im-conformance: waiting up to 60000 ms for a driver to dial in to ws:\/\/127\.0\.0\.1:\d+$/m);
  });
});

describe('the JSON Schema checker used above', () => {
  const doc: Schema = {
    $defs: { Id: { type: 'integer', minimum: 0 } },
    type: 'object',
    properties: { id: { $ref: '#/$defs/Id' }, kind: { enum: ['a', 'b'] }, tags: { type: 'array', items: { type: 'string', minLength: 1 } } },
    required: ['id'],
    additionalProperties: false,
  };
  it('accepts a valid value and names each violation with its path', () => {
    expect(validate(doc, { id: 3, kind: 'a', tags: ['x'] })).toEqual([]);
    expect(validate(doc, { id: -1, kind: 'c', tags: [''], extra: 1 })).toEqual([
      '$.id: less than 0',
      '$.kind: expected one of ["a","b"], got "c"',
      '$.tags[0]: shorter than 1',
      '$.extra: no value is allowed here',
    ]);
    expect(validate(doc, { kind: 'a' })).toEqual(['$: missing required "id"']);
  });
  it('refuses a keyword it does not implement rather than ignore it', () => {
    expect(() => validate({ dependentRequired: {} }, {})).toThrow('does not know the keyword "dependentRequired"');
  });
});
