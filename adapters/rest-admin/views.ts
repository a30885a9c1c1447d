// The contract's server-side views (accounts, online-state, admin-kick) over the REST admin API,
// for any Tencent-shaped server: the reference's own and a real app's (adapters/tencent/).
import type { Answer, Harness } from '../contract.ts';
import { RestAdminError, type RestAdminClient } from './client.ts';
import { instancesFromDetail } from './platforms.ts';

export type RestAdminViews = Required<Pick<Harness, 'accounts' | 'onlineState' | 'kick'>>;

/** `toServer` maps the suite's user IDs to the server's (e.g. a per-deployment prefix). */
export function restAdminViews(rest: RestAdminClient, toServer: (userId: string) => string = (id) => id): RestAdminViews {
  return {
    accounts: {
      async exists(userId) {
        const id = toServer(userId);
        const [item] = await rest.accountCheck([id]);
        if (item?.UserID !== id) throw new Error(`Expected account_check to answer for ${id} but got ${JSON.stringify(item)}`);
        return item.AccountStatus === 'Imported';
      },
    },
    async onlineState(userId) {
      const id = toServer(userId);
      const { results } = await rest.queryOnlineStatus([id], { detail: true });
      const result = results.find((r) => r.To_Account === id);
      return result ? instancesFromDetail(result) : []; // in ErrorList (never imported): nobody online
    },
    // A refusal is an answer with the server's code, as an SDK call's would be.
    async kick(userId): Promise<Answer> {
      try {
        await rest.kick(toServer(userId));
        return { code: 0 };
      } catch (error) {
        if (error instanceof RestAdminError) return { code: error.errorCode, desc: error.errorInfo };
        throw error;
      }
    },
  };
}
