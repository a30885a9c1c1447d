// The built-in `tencent` adapter: the official web SDK (@tencentcloud/chat) in Node against a real
// Tencent Cloud Chat app, for a CI that has the app's credentials (TENCENT_SDKAPPID and
// TENCENT_SECRETKEY; TENCENT_ADMIN, TENCENT_REGION or --tencent-region optional: its declared
// options). A run without them exits 2 with one line naming the missing ones. UserSigs are signed here with the app's
// key; accounts and the server-side kick go through the REST admin API. The mapping and the
// deployment are the ones the offline double runs through in the self-tests (offline.ts); what only
// the real service can show is verified offline only.
//
// Needs @tencentcloud/chat installed where the suite runs (npm install @tencentcloud/chat) and, on
// Node without a global WebSocket, the `ws` package the suite already depends on.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { WebSocket } from 'ws';
import type ChatModule from '@tencentcloud/chat';
import { readTencentCredentials, TENCENT_OPTIONS, type TencentCredentials } from './credentials.ts';
import { tencentRestAdmin } from './rest.ts';
import { createTencentSdkAdapter } from './sdk-adapter.ts';
import type { ChatApi } from './sdk-api.ts';
import { AccountPool, deployOnTencentApp } from './sdk-deployment.ts';
import { tencentUserSig } from './usersig.ts';

// Read at the first start, not at load: the suite checks the options (and sets them from the
// command line) after loading the module.
let credentials: TencentCredentials | undefined;
const require = createRequire(import.meta.url);
const SDK_VERSION = (require('@tencentcloud/chat/package.json') as { version: string }).version;
// The package's ES module build: imported once per instance (see newChat).
const SDK_MODULE = pathToFileURL(require.resolve('@tencentcloud/chat/index.es.js')).href;
/** The SDK's log level: errors only (0 is everything, 4 nothing). */
const SDK_LOG_LEVEL = 3;

type TencentCloudChat = typeof ChatModule.default;

/** The user-ID prefixes of this worker thread's deployments ("t2s0_", "t2s1_", …), reused run after run. */
const accounts = new AccountPool(`t${threadId}s`);

const globals = globalThis as { WebSocket?: unknown };
globals.WebSocket ??= WebSocket;

/**
 * Module copies whose instance was destroyed, for reuse. The SDK keeps one instance per SDKAppID
 * in a module (create() returns the existing one), while a spec needs several at once, as browser
 * tabs have: so every live instance comes from its own copy of the module.
 */
const idleCopies: TencentCloudChat[] = [];
let copyCount = 0;

async function newChat(credentials: TencentCredentials): Promise<{ chat: ChatApi; copy: TencentCloudChat }> {
  const copy = idleCopies.pop() ?? ((await import(`${SDK_MODULE}?instance=${++copyCount}`)) as { default: TencentCloudChat }).default;
  const chat = copy.create({ SDKAppID: credentials.sdkAppId });
  chat.setLogLevel(SDK_LOG_LEVEL);
  return { chat, copy };
}

export default createTencentSdkAdapter({
  name: '@tencentcloud/chat',
  version: SDK_VERSION,
  capabilities: ['accounts', 'online-state', 'messaging', 'admin-kick'],
  // A Free Trial app: 100 accounts (and 100 monthly active users). A paid app can widen it with --budget.
  limits: { accounts: 100 },
  options: TENCENT_OPTIONS,
  async start(options) {
    // The secret key only ever comes from the environment; the region may come from --tencent-region.
    const region = options['tencent-region'] as string | undefined;
    const app = (credentials ??= readTencentCredentials({ ...process.env, ...(region ? { TENCENT_REGION: region } : {}) }));
    const copies: TencentCloudChat[] = [];
    return deployOnTencentApp({
      async createChat() {
        const { chat, copy } = await newChat(app);
        copies.push(copy);
        return chat;
      },
      sign: (userId, options) => tencentUserSig(app, userId, options),
      rest: tencentRestAdmin(app),
      // No barrier reaches into Tencent's service: after the adapter's calls, one request per
      // logged-in instance goes round its connection, behind whatever the service sent it before.
      async settle(chats) {
        const ready = chats.filter((c) => c.isReady());
        await Promise.all(ready.map((c) => c.getUserProfile({ userIDList: [String(c.getLoginUser())] }).catch(() => undefined)));
      },
      async stop() {
        idleCopies.push(...copies); // every instance was destroyed before this (the adapter's stop)
      },
      deleteAccounts: true,
    }, accounts);
  },
});
