// The remote adapter's side of the wire, against scripted drivers that break the protocol in
// one way each: a bad message fails the call or the harness it belongs to, naming the schema
// path; a driver that is gone or stops answering fails every later call at once, for one reason.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Client, Harness } from '../../adapters/contract.ts';
import { remoteAdapter } from '../../adapters/remote/adapter.ts';
import { DriverLink } from '../../adapters/remote/link.ts';
import { ERRORS, PROTOCOL_VERSION } from '../../adapters/remote/protocol.ts';
import reference from '../../adapters/reference/index.ts';
import { SUITE } from '../../specs/suite.ts';
import { serveDriver } from '../../examples/driver-node/driver.ts';
import { fakeDriver, withHarnesses, type FakeDriver, type Peer, type Request } from './fake-driver.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function connect(onRequest: (request: Request, peer: Peer) => void, timeoutMs = 2000, roundTripMs?: number) {
  const driver: FakeDriver = await fakeDriver(withHarnesses(onRequest));
  cleanup.push(() => driver.close());
  const link = await DriverLink.open(driver.url, { timeoutMs, roundTripMs });
  cleanup.push(() => link.close());
  const adapter = remoteAdapter(link.info!, () => link);
  return { driver, link, adapter };
}

async function oneClient(harness: Harness): Promise<{ client: Client; events: unknown[] }> {
  const events: unknown[] = [];
  const client = await harness.createClient({ platform: 'android', onEvent: (e) => events.push(e) });
  return { client, events };
}

describe('the handshake', () => {
  it('refuses a driver that speaks another protocol version, naming both versions', async () => {
    const driver = await fakeDriver(() => {}, { handshake: { protocol: PROTOCOL_VERSION + 1, something: 'else' } });
    cleanup.push(() => driver.close());
    await expect(DriverLink.open(driver.url, { timeoutMs: 2000 })).rejects.toThrow(
      `driver at ${driver.url} is gone: it speaks driver protocol ${PROTOCOL_VERSION + 1}, this suite speaks ${PROTOCOL_VERSION}`,
    );
    // The suite names itself: its version and the rule catalog it judges by.
    expect(driver.requests[0]).toMatchObject({ method: 'handshake', params: { protocol: PROTOCOL_VERSION, suite: SUITE } });
  });

  it('refuses a handshake answer that is not a handshake result, naming the path', async () => {
    const driver = await fakeDriver(() => {}, { handshake: { protocol: PROTOCOL_VERSION, driver: { name: 'x', version: '1' }, sdk: { name: 'y', version: '1' }, capabilities: ['telepathy'], gatedApis: ['getUsersInfo'] } });
    cleanup.push(() => driver.close());
    await expect(DriverLink.open(driver.url, { timeoutMs: 2000 })).rejects.toThrow(/its handshake answer is invalid: result\.capabilities\.0: .*schema #\/\$defs\/HandshakeResult/);
  });

  it('the sample driver refuses a suite of another protocol version, and anything before the handshake', async () => {
    const driver = await serveDriver(reference);
    cleanup.push(() => driver.close());
    const socket = new WebSocket(driver.url);
    cleanup.push(() => socket.terminate());
    const answers: Record<string, unknown>[] = [];
    socket.on('message', (d) => answers.push(JSON.parse(String(d))));
    await new Promise((resolve) => socket.once('open', resolve));
    const send = (m: object) => socket.send(JSON.stringify({ jsonrpc: '2.0', ...m }));
    send({ id: 1, method: 'harness.start', params: {} });
    send({ id: 2, method: 'handshake', params: { protocol: PROTOCOL_VERSION + 1, suite: { name: 'im-conformance', version: '9' } } });
    send({ id: 3, method: 'no.such.method', params: {} });
    send({ id: 4, method: 'handshake', params: { protocol: 'one' } });
    await expect.poll(() => answers.length).toBe(4);
    const byId = (id: number) => answers.find((a) => a.id === id);
    expect(byId(1)).toMatchObject({ error: { code: ERRORS.handshakeFirst } });
    expect(byId(2)).toMatchObject({ error: { code: ERRORS.protocolMismatch, message: `protocol version mismatch: this driver speaks driver protocol ${PROTOCOL_VERSION}, the suite ${PROTOCOL_VERSION + 1}` } });
    expect(byId(3)).toMatchObject({ error: { code: ERRORS.methodNotFound } });
    expect(byId(4)).toMatchObject({ error: { code: ERRORS.invalidParams, message: expect.stringMatching(/^params\.protocol: /) } });
  });
});

describe('calls made at once', () => {
  it('leave in one frame, and the sample driver hands them to the SDK back to back, as in-process', async () => {
    const frames: string[] = [];
    const driver = await serveDriver(reference, { record: (direction, _connection, text) => direction === 'in' && frames.push(text) });
    cleanup.push(() => driver.close());
    const link = await DriverLink.open(driver.url, { timeoutMs: 2000 });
    cleanup.push(() => link.close());
    const harness = await remoteAdapter(link.info!, () => link).start();
    cleanup.push(() => harness.stop());
    const { client } = await oneClient(harness);
    await client.init();
    const sig = await harness.issueSig('alice');
    for (let i = 0; i < 10; i++) {
      // Asked in the same tick as the login: the SDK must see it while the login is in flight.
      const login = client.login('alice', sig);
      const status = client.getLoginStatus();
      expect((await status).data).toBe('logging-in');
      expect(await login).toEqual({ code: 0 });
      expect((await client.getLoginStatus()).data).toBe('logged-in');
      await client.logout();
    }
    const batches = frames.filter((f) => f.startsWith('[')).map((f) => (JSON.parse(f) as { method: string }[]).map((r) => r.method));
    expect(batches).toContainEqual(['client.login', 'client.getLoginStatus']);
  });
});

describe('a driver that breaks the protocol fails the spec that caused it', () => {
  it('an answer of the wrong shape fails that call, naming the path and the schema', async () => {
    const { adapter } = await connect((r, peer) => peer.result(r, { code: 'zero' }));
    const harness = await adapter.start();
    const { client } = await oneClient(harness);
    await expect(client.login('alice', 'sig')).rejects.toThrow(
      /^driver answered client\.login \(request \d+\) with an invalid message: result\.code: .*\(schema #\/\$defs\/client\.login\.response, npx im-conformance driver-schema\); got /,
    );
  });

  it("a driver's error answer fails that call with the driver's message", async () => {
    const { adapter } = await connect((r, peer) => peer.error(r, ERRORS.sdkThrew, 'NullPointerException in login'));
    const { client } = await oneClient(await adapter.start());
    await expect(client.login('alice', 'sig')).rejects.toThrow(/with error -32000 \(the SDK threw\): NullPointerException in login$/);
  });

  it('an event for a client the harness does not have fails the harness at its next call', async () => {
    const { adapter } = await connect((r, peer) => {
      if (r.method === 'client.init') peer.event(String(r.params.harness), 'c99', { kind: 'connecting' });
      peer.result(r, { code: 0 });
    });
    const harness = await adapter.start();
    const { client } = await oneClient(harness);
    await expect(client.init()).rejects.toThrow(/driver sent an event for client "c99", which harness "h1" does not have \(notification client\.event, params\.client\)/);
    expect(await client.getLoginStatus()).toEqual({ code: 0 }); // raised once, where it happened
  });

  it('a malformed event fails its harness, naming the schema path', async () => {
    const { adapter } = await connect((r, peer) => {
      if (r.method === 'client.init') peer.event(String(r.params.harness), String(r.params.client), { kind: 'connected' });
      peer.result(r, { code: 0 });
    });
    const harness = await adapter.start();
    const { client, events } = await oneClient(harness);
    await expect(client.init()).rejects.toThrow(/driver sent an invalid notification: params\.event\.kind: .*\(schema #\/\$defs\/EventNotification/);
    expect(events).toEqual([]);
  });

  it('an answer to a request never sent fails the live harness; one that is not JSON too', async () => {
    const { adapter } = await connect((r, peer) => {
      if (r.method === 'harness.settle') peer.send({ jsonrpc: '2.0', id: 4242, result: null });
      if (r.method === 'harness.accounts.exists') peer.send('{oops');
      peer.result(r, r.method === 'harness.accounts.exists' ? false : null);
    });
    const harness = await adapter.start();
    await expect(harness.settle()).rejects.toThrow(/driver answered request ID 4242, which the suite has not sent/);
    await expect(harness.accounts!.exists('alice')).rejects.toThrow(/driver sent a message that is not JSON: \{oops/);
  });

  it('delivers events in order to their own client, and drops those of a stopped harness', async () => {
    const { adapter } = await connect((r, peer) => {
      const h = String(r.params.harness);
      if (r.method === 'client.init') {
        peer.event(h, String(r.params.client), { kind: 'connecting' });
        peer.event(h, String(r.params.client), { kind: 'connectSuccess' });
      }
      peer.result(r, { code: 0 });
      if (r.method === 'client.logout') peer.event('h1', 'c1', { kind: 'kickedOffline' }); // h1 is stopped by then
    });
    const first = await adapter.start();
    const second = await adapter.start();
    const a = await oneClient(first);
    const b = await oneClient(second);
    await b.client.init();
    expect(a.events).toEqual([]);
    expect(b.events).toEqual([{ kind: 'connecting' }, { kind: 'connectSuccess' }]);
    await first.stop();
    await b.client.logout();
    await expect(b.client.getLoginUser()).resolves.toEqual({ code: 0 });
    expect(a.events).toEqual([]);
  });
});

describe('a driver that is gone', () => {
  it('fails the pending call and every later one at once, all for one reason', async () => {
    let drop = () => {};
    const { adapter, driver } = await connect((r, peer) => {
      if (r.method === 'client.login') drop = () => peer.socket.terminate(); // never answered
      else peer.result(r, { code: 0 });
    });
    const harness = await adapter.start();
    const { client } = await oneClient(harness);
    const login = client.login('alice', 'sig');
    await expect.poll(() => driver.requests.some((r) => r.method === 'client.login')).toBe(true);
    drop();
    const reason = `driver at ${driver.url} is gone: connection closed (code 1006)`;
    await expect(login).rejects.toThrow(reason);
    const started = Date.now();
    await expect(client.getLoginStatus()).rejects.toThrow(reason);
    await expect(adapter.start()).rejects.toThrow(reason);
    await expect(harness.stop()).resolves.toBeUndefined(); // nothing left to stop
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('one that stops answering is gone after one deadline and one unanswered ping', async () => {
    const { adapter, driver } = await connect((r, peer) => {
      if (r.method === 'client.init') peer.result(r, { code: 0 });
      // everything else, ping included, is never answered
    }, 300);
    const harness = await adapter.start();
    const { client } = await oneClient(harness);
    await client.init();
    const started = Date.now();
    await expect(client.login('alice', 'sig')).rejects.toThrow(/^driver did not answer client\.login \(request id \d+\) within 300 ms$/);
    await expect.poll(() => client.init().then(() => 'answered', (e: Error) => e.message), { timeout: 2000, interval: 50 }).toBe(
      `driver at ${driver.url} is gone: it stopped answering (no answer to ping within 150 ms, after a request had none within 300 ms)`,
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(driver.requests.map((r) => r.method)).toContain('ping');
  });

  it('requests sent together wait for each other: a driver answering 20 of them one after another, each within a round trip, meets every deadline', async () => {
    let answered = 0;
    const { adapter, link } = await connect((r, peer) => {
      if (r.method !== 'client.login') return peer.result(r, { code: 0 });
      setTimeout(() => peer.result(r, { code: 0 }), 40 * ++answered); // 20 × 40 ms = 800 ms > 200 ms alone
    }, 200, 60);
    const { client } = await oneClient(await adapter.start());
    const logins = await Promise.all(Array.from({ length: 20 }, () => client.login('alice', 'sig')));
    expect(logins).toEqual(Array(20).fill({ code: 0 }));
    expect(link.gone).toBeUndefined();
  });

  it('a driver that answers its ping late is not gone: only the slow call failed', async () => {
    const { adapter, link } = await connect((r, peer) => {
      if (r.method === 'client.login') setTimeout(() => peer.result(r, { code: 0 }), 400); // late, dropped quietly
      else peer.result(r, r.method === 'ping' ? null : { code: 0 });
    }, 200);
    const { client } = await oneClient(await adapter.start());
    await expect(client.login('alice', 'sig')).rejects.toThrow(/^driver did not answer client\.login \(request id \d+\) within 200 ms$/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(link.gone).toBeUndefined();
    await expect(client.getLoginStatus()).resolves.toEqual({ code: 0 });
  });
});
