// The React Native driver template (examples/driver-react-native/chat-driver.ts) run in Node, as
// a --driver-cmd that dials in: `ws` stands in for the app runtime's WebSocket, and the typed
// double of @tencentcloud/chat over a reference server stands in for the SDK and Tencent's service
// (as adapters/tencent/offline.ts sets them up for the in-process tencent adapter).
import { WebSocket } from 'ws';
import { startReference } from '../../adapters/reference/index.ts';
import { MODELLED_SDK_VERSION, PrintableAsciiServer } from '../../adapters/tencent/offline.ts';
import { createChatDouble, type ChatDouble } from '../../adapters/tencent/sdk-double.ts';
import { startChatDriver } from '../../examples/driver-react-native/chat-driver.ts';

const url = process.env.IMC_DRIVER_URL;
if (!url) throw new Error('IMC_DRIVER_URL is not set: run this as --driver-cmd with --driver-listen');

/** `ws` with the one-argument constructor of the browser and React Native WebSocket. */
class RuntimeWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
  }
}

const driver = startChatDriver({
  url,
  WebSocket: RuntimeWebSocket,
  sdk: { name: '@tencentcloud/chat (offline double, React Native template)', version: MODELLED_SDK_VERSION },
  async deploy() {
    const reference = await startReference({ Server: PrintableAsciiServer });
    const sdk = createChatDouble((onEvent) => reference.createClient({ platform: 'web', onEvent }));
    return {
      createChat: () => sdk.create({ SDKAppID: reference.server.sdkAppId }),
      issueSig: (userId, options) => reference.issueSig(userId, options as Parameters<typeof reference.issueSig>[1]),
      async settle(chats) {
        await Promise.all(chats.map((chat) => (chat as ChatDouble).connection()));
        await reference.settle();
      },
      stop: () => reference.stop(),
    };
  },
});
await driver.done;
process.exit(0);
