// The tencent adapter without the network: the web SDK mapping (sdk-adapter.ts) and the deployment
// on an app (sdk-deployment.ts) the real adapter uses, over the typed double of @tencentcloud/chat
// (sdk-double.ts) with the reference server as the service. The whole suite runs through the web
// SDK's behaviour offline, deviations included; the self-tests use it (selftest/tencent/), and so
// can anyone: --adapter adapters/tencent/offline.ts
import { ReferenceServer, startReference } from '../reference/index.ts';
import { createTencentSdkAdapter } from './sdk-adapter.ts';
import { threadId } from 'node:worker_threads';
import { AccountPool, deployOnTencentApp } from './sdk-deployment.ts';
import { TYPES } from './sdk-api.ts';
import { createChatDouble, type ChatDouble } from './sdk-double.ts';

/** The SDK version the double reproduces. */
export const MODELLED_SDK_VERSION = '3.6.6';

/**
 * Tencent's service as the web SDK meets it: a user ID may be any printable ASCII of 1 to 32 bytes
 * (error 7003 covers only other characters and longer IDs), not only the documented letters,
 * digits, '_' and '-'.
 */
export class PrintableAsciiServer extends ReferenceServer {
  protected override validateUserId(userId: string): boolean {
    const bytes = Buffer.byteLength(userId, 'utf8');
    return bytes >= 1 && bytes <= 32 && /^[\x20-\x7e]+$/.test(userId);
  }
}

/** As on a real app (index.ts): each deployment takes a user-ID prefix from the worker's pool. */
const accounts = new AccountPool(`t${threadId}s`);

export default createTencentSdkAdapter({
  name: '@tencentcloud/chat (offline double)',
  version: MODELLED_SDK_VERSION,
  // The real adapter's capabilities, plus the virtual clock only a double can offer.
  capabilities: ['virtual-clock', 'accounts', 'online-state', 'messaging', 'admin-kick'],
  async start() {
    const reference = await startReference({ Server: PrintableAsciiServer });
    const doubles: ChatDouble[] = [];
    const sdk = createChatDouble((onEvent) => reference.createClient({ platform: 'web', onEvent }));
    // The same deployment as on a real app (user ID prefixes, REST admin API), on the reference.
    return deployOnTencentApp({
      createChat() {
        const chat = sdk.create({ SDKAppID: reference.server.sdkAppId });
        doubles.push(chat);
        return chat;
      },
      sign: (userId, options) => reference.issueSig(userId, options),
      rest: reference.rest,
      async settle() {
        await Promise.all(doubles.map((chat) => chat.connection()));
        await reference.settle();
      },
      stop: () => reference.stop(),
      clock: reference.clock,
      beforeKick(userId) {
        for (const chat of doubles) if (chat.getLoginUser() === userId) chat.nextKickIs(TYPES.KICKED_OUT_REST_API);
      },
    }, accounts);
  },
});
