// The generic REST admin client, against a fake fetch: the request it makes, and how it reads
// (and refuses) answers. The round trip against a real server is in selftest/reference/admin.test.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { API, AUTH_CODES, fetchTransport, nodeTransport, RestAdminAuthError, RestAdminClient, RestAdminError, RestAdminResponseError } from '../../adapters/rest-admin/client.ts';
import { instancesFromDetail, platformFromTencent } from '../../adapters/rest-admin/platforms.ts';

interface Seen {
  url: URL;
  method: string | undefined;
  body: unknown;
}

/** A client whose fetch answers `reply` (status 200 unless given) and records the request. */
function fake(reply: unknown, { status = 200, raw }: { status?: number; raw?: string } = {}) {
  const seen: Seen[] = [];
  let sigs = 0;
  const client = new RestAdminClient({
    baseUrl: 'https://adminapisgp.example/prefix',
    sdkAppId: 1400000001,
    identifier: 'administrator',
    userSig: () => `sig-${++sigs}`,
    transport: fetchTransport(async (input, init) => {
      seen.push({ url: new URL(String(input)), method: init?.method, body: JSON.parse(String(init?.body)) });
      return new Response(raw ?? JSON.stringify(reply), { status, headers: { 'content-type': 'application/json' } });
    }),
  });
  return { client, seen };
}

const OK = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };

describe('RestAdminClient: requests', () => {
  it('POSTs JSON to <base>/v4/... with sdkappid, identifier, a fresh usersig, random and contenttype', async () => {
    const { client, seen } = fake(OK);
    await client.kick('alice');
    await client.kick('bob');
    const [first, second] = seen;
    expect(first?.url.origin + (first?.url.pathname ?? '')).toBe(`https://adminapisgp.example/prefix/${API.kick}`);
    expect(first?.method).toBe('POST');
    expect(first?.body).toEqual({ UserID: 'alice' });
    expect(Object.fromEntries(first?.url.searchParams ?? [])).toEqual({
      sdkappid: '1400000001',
      identifier: 'administrator',
      usersig: 'sig-1',
      random: expect.stringMatching(/^\d+$/),
      contenttype: 'json',
    });
    expect(Number(first?.url.searchParams.get('random'))).toBeLessThanOrEqual(0xffff_ffff);
    expect(second?.url.searchParams.get('usersig')).toBe('sig-2');
  });

  it('builds the documented bodies', async () => {
    const check = fake({ ...OK, ResultItem: [] });
    await check.client.accountCheck(['a', 'b']);
    expect(check.seen[0]?.body).toEqual({ CheckItem: [{ UserID: 'a' }, { UserID: 'b' }] });
    const query = fake({ ...OK, QueryResult: [] });
    await query.client.queryOnlineStatus(['a']);
    await query.client.queryOnlineStatus(['a'], { detail: false });
    expect(query.seen.map((s) => s.body)).toEqual([{ To_Account: ['a'], IsNeedDetail: 1 }, { To_Account: ['a'] }]);
    expect(query.seen[0]?.url.pathname).toBe(`/prefix/${API.queryOnlineStatus}`);
    const account = fake({ ...OK, ResultItem: [] });
    await account.client.accountImport('a');
    await account.client.accountImport('b', { nick: 'B', faceUrl: 'https://example.invalid/b.png' });
    await account.client.accountDelete(['a', 'b']);
    expect(account.seen.map((s) => [s.url.pathname, s.body])).toEqual([
      [`/prefix/${API.accountImport}`, { UserID: 'a' }],
      [`/prefix/${API.accountImport}`, { UserID: 'b', Nick: 'B', FaceUrl: 'https://example.invalid/b.png' }],
      [`/prefix/${API.accountDelete}`, { DeleteItem: [{ UserID: 'a' }, { UserID: 'b' }] }],
    ]);
  });

  it('refuses bad options at once', () => {
    const base = { baseUrl: 'http://127.0.0.1:1', sdkAppId: 1, identifier: 'admin', userSig: () => 's' };
    expect(() => new RestAdminClient({ ...base, sdkAppId: 0 })).toThrow(/Expected an SDKAppID/);
    expect(() => new RestAdminClient({ ...base, identifier: '' })).toThrow(/admin identifier/);
    expect(() => new RestAdminClient({ ...base, baseUrl: 'not a url' })).toThrow();
  });
});

describe('RestAdminClient: answers', () => {
  it('reads a query_online_status answer, with the ErrorList, and accepts State for Status', async () => {
    const { client } = fake({
      ...OK,
      QueryResult: [
        { To_Account: 'a', Status: 'Online', Detail: [{ Platform: 'IPhone', Status: 'PushOnline' }, { Platform: 'Web', Status: 'Online' }] },
        { To_Account: 'b', State: 'Offline' },
      ],
      ErrorList: [{ To_Account: 'c', ErrorCode: 70107 }],
    });
    const { results, errors } = await client.queryOnlineStatus(['a', 'b', 'c']);
    expect(results.map((r) => [r.To_Account, r.Status])).toEqual([
      ['a', 'Online'],
      ['b', 'Offline'],
    ]);
    expect(errors).toEqual([{ To_Account: 'c', ErrorCode: 70107 }]);
    expect(instancesFromDetail(results[0]!)).toEqual([
      { platform: 'iphone', instances: 1 },
      { platform: 'web', instances: 1 },
    ]);
  });

  it('throws RestAdminError with ErrorCode and ErrorInfo on ActionStatus FAIL, whatever the HTTP status', async () => {
    for (const status of [200, 400]) {
      const { client } = fake({ ActionStatus: 'FAIL', ErrorCode: 70107, ErrorInfo: 'no such account' }, { status });
      const error = await client.kick('a').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestAdminError);
      expect(error).not.toBeInstanceOf(RestAdminAuthError);
      expect(error).toMatchObject({ api: API.kick, errorCode: 70107, errorInfo: 'no such account' });
      expect(String(error)).toBe(`RestAdminError: ${API.kick} failed with ErrorCode 70107: no such account`);
    }
  });

  it('a refused credential (AUTH_CODES) is a RestAdminAuthError that says what it means and what to check', async () => {
    for (const code of Object.keys(AUTH_CODES).map(Number)) {
      const { client } = fake({ ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: 'refused' });
      const error = await client.accountCheck(['a']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestAdminAuthError);
      expect(error).toMatchObject({ api: API.accountCheck, errorCode: code, errorInfo: 'refused' });
      expect(String(error)).toContain(`${API.accountCheck} failed with ErrorCode ${code}: refused (${AUTH_CODES[code]}: check the SDKAppID`);
    }
  });

  it('names the field when an answer has the wrong shape', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...OK, QueryResult: [{ To_Account: 'a', Status: 'Away' }] }, /field QueryResult\.0\.Status: .* \(got "Away"\)/],
      [{ ...OK, QueryResult: [{ Status: 'Online' }] }, /field QueryResult\.0\.To_Account: .*\(got nothing\)/],
      [{ ErrorCode: 0 }, /field ActionStatus/],
      [[], /the answer/],
    ];
    for (const [reply, message] of cases) {
      const error = await fake(reply).client.queryOnlineStatus(['a']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestAdminResponseError);
      expect(String(error)).toMatch(message);
    }
  });

  it('says what came when the answer is not JSON, or not 200 without an envelope', async () => {
    const html = await fake(null, { status: 502, raw: '<html>bad gateway</html>' }).client.kick('a').catch((e: unknown) => e);
    expect(String(html)).toMatch(/expected a JSON answer but got HTTP 502 "<html>bad gateway/);
    const noEnvelope = await fake({ message: 'nope' }, { status: 500 }).client.kick('a').catch((e: unknown) => e);
    expect(String(noEnvelope)).toMatch(/expected HTTP 200 but got 500/);
  });
});

describe('nodeTransport', () => {
  it('fails a request that gets no answer in time, naming the API and not the usersig', async () => {
    const server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = new RestAdminClient({ baseUrl: `http://127.0.0.1:${port}`, sdkAppId: 1, identifier: 'admin', userSig: () => 'secret-sig', transport: nodeTransport({ timeoutMs: 50 }) });
      const error = await client.kick('a').catch((e: unknown) => e);
      expect(String(error)).toBe(`Error: no answer from http://127.0.0.1:${port}/${API.kick} within 50 ms`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('resends, on a fresh connection, a request whose kept-alive connections the server closed as they were reused', async () => {
    // Every connection answers its first request (kept alive), and drops the next one unanswered:
    // what a server closing idle sockets does to a client that reuses them at that moment.
    const server = createServer({ keepAlive: true }, (req, res) => {
      const socket = req.socket as typeof req.socket & { served?: boolean };
      if (socket.served) return void socket.destroy();
      socket.served = true;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(OK));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = new RestAdminClient({ baseUrl: `http://127.0.0.1:${port}`, sdkAppId: 1, identifier: 'admin', userSig: () => 'sig', transport: nodeTransport({ timeoutMs: 5000 }) });
      // Three connections in the pool, each spent: the retry must not take another stale one.
      await Promise.all([client.kick('a'), client.kick('b'), client.kick('c')]);
      await expect(client.kick('d')).resolves.toBeUndefined();
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('Tencent platform names', () => {
  it('maps the documented names, in any case, and the aliases; nothing else', () => {
    expect(['Android', 'iPhone', 'IPhone', 'iOS', 'iPad', 'Windows', 'PC', 'Mac', 'macOS', 'Web'].map(platformFromTencent)).toEqual([
      'android', 'iphone', 'iphone', 'iphone', 'ipad', 'windows', 'windows', 'macos', 'macos', 'web',
    ]);
    expect(platformFromTencent('Linux')).toBeUndefined();
    expect(() => instancesFromDetail({ To_Account: 'a', Status: 'Online', Detail: [{ Platform: 'Linux', Status: 'Online' }] })).toThrow(/"Linux" for a/);
    expect(instancesFromDetail({ To_Account: 'a', Status: 'Offline' })).toEqual([]);
  });
});
