// One deployment of the tencent adapter on a Tencent Cloud Chat app: SDK instances, UserSigs from
// the app's key, and the server-side views through the REST admin API (accounts, online state, kick). The real
// adapter (index.ts) and the offline one (offline.ts) differ only in the service behind it.
//
// A real app outlives the run and serves every deployment of it at once (spec files run in
// parallel), while the contract wants each deployment fresh. So each deployment gets user IDs of
// its own on the service, "<prefix>alice" for the suite's "alice", and deletes the accounts it
// made when it stops. The prefixes come from a small pool (AccountPool), taken in turn, so the
// same few serve every run: the app's monthly active users do not grow with each run. Only IDs over the documented charset that still fit 32 bytes with the prefix
// get one: every other ID is the subject of an identity rule and goes to the service as given, so
// the prefix never changes what is checked. Such IDs are shared by the deployments running at the
// same time on the app (and are never deleted): a known limit on the live service.
import { randomBytes } from 'node:crypto';
import type { Answer, Harness, IssueSigOptions } from '../contract.ts';
import type { RestAdminClient } from '../rest-admin/client.ts';
import { restAdminViews } from '../rest-admin/views.ts';
import type { TencentDeployment } from './sdk-adapter.ts';
import { EVENT, type ChatApi } from './sdk-api.ts';

export interface TencentService {
  /** A new SDK instance connected to the app. */
  createChat(): ChatApi | Promise<ChatApi>;
  /** A UserSig for a user ID as the service knows it. */
  sign(serviceUserId: string, options?: IssueSigOptions): string | Promise<string>;
  rest: RestAdminClient;
  /** After the adapter's calls have answered: deliver what the service sent the instances before now. */
  settle(chats: readonly ChatApi[]): Promise<void>;
  stop(): Promise<void>;
  /** Delete the accounts the deployment made when it stops (a real app keeps them otherwise). */
  deleteAccounts?: boolean;
  clock?: Harness['clock'];
  /** Told before a server-side kick (the offline double learns the kick's reason here). */
  beforeKick?(serviceUserId: string): void;
}

/** The suite's user IDs and the service's, for one deployment. */
export class UserIdSpace {
  /** IDs the deployment sent to the service (to delete their accounts at the end). */
  readonly used = new Set<string>();
  constructor(readonly prefix = `${randomBytes(3).toString('hex')}_`) {}

  toService(userId: string): string {
    const fits = /^[A-Za-z0-9_-]+$/.test(userId) && userId.length + this.prefix.length <= 32;
    const id = fits ? this.prefix + userId : userId;
    this.used.add(id);
    return id;
  }

  fromService(userId: string): string {
    return userId.startsWith(this.prefix) ? userId.slice(this.prefix.length) : userId;
  }
}

/**
 * The prefixes a process's deployments take in turn: "<tag><slot>_", the lowest slot free. A slot
 * comes back once its deployment has deleted the accounts it made (so the next one there starts
 * fresh); one whose accounts could not be deleted stays out for the rest of the run. Each worker
 * thread has a tag of its own, so deployments running at once never share a prefix.
 */
export class AccountPool {
  private readonly busy = new Set<number>();
  constructor(readonly tag: string) {}

  lease(): { space: UserIdSpace; release(): void } {
    let slot = 0;
    while (this.busy.has(slot)) slot++;
    this.busy.add(slot);
    return { space: new UserIdSpace(`${this.tag}${slot}_`), release: () => void this.busy.delete(slot) };
  }
}

export function deployOnTencentApp(service: TencentService, from: UserIdSpace | AccountPool = new UserIdSpace()): TencentDeployment {
  const lease = from instanceof AccountPool ? from.lease() : undefined;
  const space = lease?.space ?? (from as UserIdSpace);
  const chats: ChatApi[] = [];
  const { rest } = service;
  const views = restAdminViews(rest, (userId) => space.toService(userId));
  const deployment: TencentDeployment = {
    async createChat() {
      const chat = await service.createChat();
      chats.push(chat);
      return inUserIdSpace(chat, space);
    },
    issueSig: async (userId, options) => service.sign(space.toService(userId), options),
    settle: () => service.settle(chats),
    async stop() {
      // Only this deployment's own (prefixed) accounts: an ID sent as given may be a real user's.
      const made = [...space.used].filter((id) => id.startsWith(space.prefix));
      // A failure here must not fail the spec: the prefix is then not given to another deployment.
      const deleted = !service.deleteAccounts || made.length === 0 || (await rest.accountDelete(made).then(() => true, () => false));
      await service.stop();
      if (deleted) lease?.release();
    },
    ...views,
    async kick(userId): Promise<Answer> {
      service.beforeKick?.(space.toService(userId));
      return views.kick(userId);
    },
  };
  if (service.clock) deployment.clock = service.clock;
  return deployment;
}

/** The instance as the suite sees it: user IDs in, out and in received messages translated. */
export function inUserIdSpace(chat: ChatApi, space: UserIdSpace): ChatApi {
  const fromService = (message: unknown) => {
    if (typeof message !== 'object' || message === null) return message;
    const m = message as { from?: unknown; to?: unknown };
    return { ...m, ...(typeof m.from === 'string' ? { from: space.fromService(m.from) } : {}), ...(typeof m.to === 'string' ? { to: space.fromService(m.to) } : {}) };
  };
  return {
    login: (options) => chat.login({ ...options, userID: space.toService(options.userID) }),
    logout: () => chat.logout(),
    getLoginUser: () => space.fromService(String(chat.getLoginUser())),
    isReady: () => chat.isReady(),
    destroy: () => chat.destroy(),
    on(eventName, handler, context) {
      if (eventName !== EVENT.MESSAGE_RECEIVED) return chat.on(eventName, handler, context);
      chat.on(eventName, (event: { data?: unknown }) => handler.call(context, Array.isArray(event?.data) ? { ...event, data: event.data.map(fromService) } : event));
    },
    getConversationList: (...args) => chat.getConversationList(...args),
    getUserProfile: (options) => chat.getUserProfile({ ...options, userIDList: options.userIDList.map((id) => space.toService(id)) }),
    getFriendList: () => chat.getFriendList(),
    updateMyProfile: (options) => chat.updateMyProfile(options),
    joinGroup: (options) => chat.joinGroup(options),
    getGroupList: () => chat.getGroupList(),
    createTextMessage: (options) => chat.createTextMessage({ ...options, to: space.toService(options.to) }),
    sendMessage: (...args) => chat.sendMessage(...args),
  };
}
