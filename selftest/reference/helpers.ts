// Shared by the reference's self-tests: a harness stopped after each test, and devices that
// record their events.
import { afterEach, expect } from 'vitest';
import type { ClientEvent, Platform } from '../../adapters/contract.ts';
import { startReference, type ReferenceHarness } from '../../adapters/reference/index.ts';

const running: ReferenceHarness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

export async function start(options?: Parameters<typeof startReference>[0]): Promise<ReferenceHarness> {
  const harness = await startReference(options);
  running.push(harness);
  return harness;
}

export type Device = Awaited<ReturnType<typeof device>>;

/** An initialized client and the events it reported. */
export async function device(harness: ReferenceHarness, platform: Platform = 'android') {
  const events: ClientEvent[] = [];
  const client = await harness.createClient({ platform, onEvent: (e) => events.push(e as ClientEvent) });
  expect(await client.init()).toEqual({ code: 0 });
  return {
    client,
    platform,
    events,
    kinds: () => events.map((e) => e.kind),
    count: (kind: ClientEvent['kind']) => events.filter((e) => e.kind === kind).length,
    status: async () => (await client.getLoginStatus()).data,
    user: async () => (await client.getLoginUser()).data,
  };
}

/** A device logged in as `userId`. */
export async function loggedIn(harness: ReferenceHarness, userId: string, platform: Platform = 'android', ttlSeconds?: number) {
  const d = await device(harness, platform);
  expect(await d.client.login(userId, await harness.issueSig(userId, ttlSeconds === undefined ? {} : { ttlSeconds }))).toEqual({ code: 0 });
  return d;
}
