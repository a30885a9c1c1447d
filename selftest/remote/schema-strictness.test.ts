// The exported JSON Schema is as strict as the suite's own checks where the contract gives data a
// meaning: a driver validating with it learns of a wrong status before a run does.
import { describe, expect, it } from 'vitest';
import { driverJsonSchema } from '../../adapters/remote/json-schema.ts';
import { validate, type Schema } from './json-schema-check.ts';

const schema = driverJsonSchema() as Schema & { $defs: Record<string, Schema> };
const answer = (method: string, result: unknown) => validate(schema.$defs[`${method}.response`]!, { jsonrpc: '2.0', id: 1, result }, schema);

describe('the driver schema checks the data the contract reads', () => {
  it('getLoginStatus: one of the three statuses, not an SDK-native number', () => {
    expect(answer('client.getLoginStatus', { code: 0, data: 'logged-in' })).toEqual([]);
    expect(answer('client.getLoginStatus', { code: 0, data: 1 })).not.toEqual([]);
    expect(answer('client.getLoginStatus', { code: 0, data: 'online' })).not.toEqual([]);
  });
  it('getLoginUser: a string', () => {
    expect(answer('client.getLoginUser', { code: 0, data: '' })).toEqual([]);
    expect(answer('client.getLoginUser', { code: 0, data: null })).not.toEqual([]);
  });
  it('an error answer may leave data out', () => {
    expect(answer('client.getLoginStatus', { code: 6013, desc: 'not initialised' })).toEqual([]);
  });
});
