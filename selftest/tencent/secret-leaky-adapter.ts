// A careless adapter for the secret test: it reads the Tencent credentials from the environment
// (TENCENT_SDKAPPID, TENCENT_SECRETKEY) and puts the key into the error every login throws, so
// the key reaches failure messages, traces and every report of the run unless they are redacted.
// The deployment is the reference's; logins throw, so the ticket specs fail.
import { defineAdapter, GATED_APIS, type Client } from '../../adapters/contract.ts';
import { startReference } from '../../adapters/reference/index.ts';
import { readTencentCredentials } from '../../adapters/tencent/credentials.ts';
import { tencentUserSig } from '../../adapters/tencent/usersig.ts';

export default defineAdapter({
  name: 'secret-leaky',
  version: '0.0.0',
  capabilities: ['virtual-clock'],
  gatedApis: GATED_APIS,
  async start() {
    const credentials = readTencentCredentials(process.env);
    const harness = await startReference();
    return {
      ...harness,
      createClient: async (options) => {
        const client = await harness.createClient(options);
        const leaky: Client = {
          init: () => client.init(),
          unInit: () => client.unInit(),
          logout: () => client.logout(),
          getLoginUser: () => client.getLoginUser(),
          getLoginStatus: () => client.getLoginStatus(),
          getConversationList: () => client.getConversationList(),
          callGated: (api, args) => client.callGated(api, args),
          login: async (userId) => {
            // The ticket is real (signed with the key); the mistake is in the error.
            const ticket = tencentUserSig(credentials, userId);
            throw new Error(`UserSig ${ticket.slice(0, 8)}… refused; signed with TENCENT_SECRETKEY=${credentials.secretKey}`);
          },
        };
        return leaky;
      },
    };
  },
});
