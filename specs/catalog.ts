// The rule catalog: one entry per rule of the login and logout documentation.
// `source` quotes the documentation sentence the rule comes from, or says why it is derived.
// `untested` marks a rule with no spec yet: it is reported as "not-tested", never as pass.
import { z } from 'zod';
import { Capability } from '../adapters/contract.ts';

export const Level = z.enum(['MUST', 'SHOULD', 'MAY']);
export type Level = z.infer<typeof Level>;

export const GROUPS = ['identity', 'gating', 'signup', 'ticket', 'status', 'reconnect', 'repeat', 'switch', 'multi', 'logout', 'kick', 'dau', 'model'] as const;
export const Group = z.enum(GROUPS);
export type Group = z.infer<typeof Group>;

export const Rule = z.object({
  id: z.string().regex(/^[a-z0-9-]+\.[a-z0-9.-]+$/),
  group: Group,
  level: Level,
  title: z.string(),
  source: z.string(),
  capabilities: z.array(Capability),
  untested: z.string().optional(),
});
export type Rule = z.infer<typeof Rule>;

type Entry = Omit<Rule, 'id' | 'group' | 'capabilities'> & { capabilities?: Capability[] };
const derived = (why: string) => `derived: ${why}`;

const entries = {
  identity: {
    'user-id.max-bytes': {
      level: 'MUST',
      title: 'User IDs of 1 to 32 bytes log in; 33 bytes or more are rejected and leave nothing behind',
      source: 'It can contain up to 32 bytes of letters (a–z and A-Z), digits (0–9), underscores (_), and hyphens (-).',
    },
    'user-id.charset': {
      level: 'MUST',
      title: 'User IDs over letters, digits, "_" and "-" are accepted; any other character is rejected',
      source: 'It can contain up to 32 bytes of letters (a–z and A-Z), digits (0–9), underscores (_), and hyphens (-).',
    },
    'user-id.empty': {
      level: 'MUST',
      title: 'The empty user ID is rejected',
      source: derived('a unique user ID cannot be empty'),
    },
    'user-id.bytes-not-chars': {
      level: 'MUST',
      title: 'The 32-byte limit counts UTF-8 bytes, not characters',
      source: derived('"up to 32 bytes": multi-byte characters must not pass the limit by being counted as one'),
    },
    'user-id.no-silent-rewrite': {
      level: 'MUST',
      title: 'The user ID is used exactly as given: no trimming, truncation or case folding',
      source: derived('the ID is a unique key; "Alice" and "alice" are two users'),
    },
  },
  gating: {
    'gating.before-login': {
      level: 'MUST',
      title: 'Before login, every gated API fails with not-logged-in',
      source: 'other APIs can be called only after you have successfully logged in to the SDK.',
    },
    'gating.conversation-list-early': {
      level: 'MUST',
      title: 'The conversation list can be fetched as soon as login has been called',
      source: 'Only the conversation acquisition API can be called immediately after you call the login API',
    },
    'gating.during-login': {
      level: 'MUST',
      title: 'While a login is in progress, other gated APIs fail',
      source: 'other APIs can be called only after you have successfully logged in to the SDK.',
    },
    'gating.after-failed-login': {
      level: 'MUST',
      title: 'After a rejected login, gated APIs still fail',
      source: 'other APIs can be called only after you have successfully logged in to the SDK.',
    },
    'gating.after-logout': {
      level: 'MUST',
      title: 'After logout, gated APIs fail again',
      source: derived('logging out ends the successful login that gated APIs need'),
    },
    'gating.after-kick': {
      level: 'MUST',
      title: 'After being kicked offline, gated APIs fail again',
      source: derived('a kicked instance is no longer logged in'),
    },
    'init.before-init': {
      level: 'MUST',
      title: 'Login before init fails with not-initialized, and so does every call after unInit',
      source: 'After initializing the IM SDK, you need to call the SDK login API to authenticate your account',
    },
  },
  signup: {
    'signup.auto': {
      level: 'MUST',
      title: 'A never-seen user ID with a valid ticket logs in, and the account exists afterwards',
      source: "You don't need to sign up on your first login, as you will automatically sign up if the login is successful.",
    },
    'signup.only-on-success': {
      level: 'MUST',
      title: 'A rejected login creates no account',
      source: 'you will automatically sign up if the login is successful.',
      capabilities: ['accounts'],
    },
    'signup.idempotent': {
      level: 'MUST',
      title: 'Logging in again neither creates a second account nor resets the first',
      source: derived('sign-up happens on the first login only'),
    },
  },
  ticket: {
    'ticket.valid': {
      level: 'MUST',
      title: 'A ticket issued for the app and the user logs that user in',
      source: 'It is calculated by your business server to ensure security.',
    },
    'ticket.wrong-user': {
      level: 'MUST',
      title: "Another user's ticket is rejected and creates no account",
      source: derived('a ticket authenticates one user ID'),
    },
    'ticket.tampered': {
      level: 'MUST',
      title: 'A modified ticket, or one signed with another key or for another app, is rejected',
      source: 'It is calculated by your business server to ensure security.',
    },
    'ticket.empty': {
      level: 'MUST',
      title: 'An empty ticket is rejected',
      source: derived('no ticket, no authentication'),
    },
    'ticket.expired-at-login': {
      level: 'MUST',
      title: 'An expired ticket is rejected at login with a ticket-expired error',
      source: 'The callback of the login API returns the ERR_USER_SIG_EXPIRED (6206) or ERR_SVR_ACCOUNT_USERSIG_EXPIRED (70001) error code.',
      capabilities: ['virtual-clock'],
    },
    'ticket.expires-online': {
      level: 'MUST',
      title: 'A ticket expiring while online raises onUserSigExpired once; a new ticket logs in again',
      source: 'You may receive the onUserSigExpired callback (Details) when users are online.',
      capabilities: ['virtual-clock'],
    },
  },
  status: {
    'status.login-user': {
      level: 'MUST',
      title: 'getLoginUser gives the user after a successful login and is empty after a failed one',
      source: 'After logging in successfully, call getLoginUser (Details) to get the UserID. If the login fails, the UserID will be empty.',
    },
    'status.values': {
      level: 'MUST',
      title: 'getLoginStatus goes not logged in, logging in, logged in, and back on logout',
      source: 'The IM SDK supports the following login statuses: Logged in / Logging in / Not logged in',
    },
  },
  reconnect: {
    'reconnect.auto': {
      level: 'MUST',
      title: 'After a network drop and restore, the client is back online without a login call',
      source: "After the user's network is disconnected and then reconnected, you don't need to call the login function, as the IM SDK will automatically go online.",
      capabilities: ['network-faults'],
    },
    'reconnect.keeps-identity': {
      level: 'MUST',
      title: 'During and after a drop the login user is unchanged and nothing is kicked',
      source: derived('an automatic return online is the same login'),
      capabilities: ['network-faults'],
    },
    'reconnect.no-self-kick': {
      level: 'MUST',
      title: 'Coming back online does not count as a new device',
      source: derived('a resumed session must not kick its own old session or a sibling'),
      capabilities: ['network-faults'],
    },
    'reconnect.expired-while-away': {
      level: 'SHOULD',
      title: 'A ticket that expired during the drop gives onUserSigExpired on return',
      source: derived('a return online must not silently extend an expired ticket'),
      capabilities: ['network-faults', 'virtual-clock'],
    },
  },
  repeat: {
    'repeat.in-progress': {
      level: 'MUST',
      title: 'A second login while one is running neither opens a second session nor kicks the first',
      source: 'When a login process is already running. In this case, repeated login is unnecessary.',
    },
    'repeat.same-user': {
      level: 'SHOULD',
      title: 'Logging in again as the logged-in user succeeds without kicking itself',
      source: 'If a user is logged in or logging in, don\'t call the login API frequently.',
    },
  },
  switch: {
    'switch.last-wins': {
      level: 'MUST',
      title: "Logging bob in on alice's instance leaves only bob online",
      source: 'You cannot log in to multiple IM SDK accounts of the same application at the same time; otherwise, only the last logged in account will be online.',
    },
    'switch.no-logout-needed': {
      level: 'MUST',
      title: 'Switching accounts needs no logout call: login(bob) on alice succeeds',
      source: "For example, to switch the logged-in user from alice to bob, just log bob in. You don't need to explicitly call logout alice",
    },
  },
  multi: {
    'multi.policy-allows': {
      level: 'MAY',
      title: 'Under each multi-client policy, the platform combinations it allows stay online together',
      source: 'You can configure multi-client login policies for the IM SDK in the Tencent Cloud console.',
      capabilities: ['login-policy'],
    },
    'multi.policy-kicks': {
      level: 'MAY',
      title: 'A login the policy does not allow kicks the earlier instance, which gets onKickedOffline',
      source: 'a newly logged in instance will kick out an earlier one. The one kicked out will receive onKickedOffline',
      capabilities: ['login-policy'],
    },
    'multi.same-platform-default': {
      level: 'MUST',
      title: 'By default one instance per platform: a second login on the platform kicks the first',
      source: 'if the limit specified by the multi-client login policy for your account is exceeded, a newly logged in instance will kick out an earlier one.',
    },
    'multi.per-platform-limit': {
      level: 'MAY',
      title: 'With a maximum of N per platform, N instances stay online and the next kicks an earlier one',
      source: 'You can configure the Max Login Instances per User per Platform for the IM SDK in the Tencent Cloud console',
      capabilities: ['login-policy'],
    },
    'multi.limit-bounds': {
      level: 'MAY',
      title: 'A per-platform maximum above 10 on web or above 3 elsewhere is refused',
      source: 'A user can be concurrently online on up to ten clients on the web platform or on up to three clients on the Android, iPhone, iPad, Windows, or macOS platform',
      capabilities: ['login-policy'],
    },
    'multi.kicked-state': {
      level: 'MUST',
      title: 'A kicked client reports not logged in, cannot use gated APIs, and can log in again',
      source: 'The one kicked out will receive onKickedOffline',
    },
    'multi.newest-wins-under-race': {
      level: 'MUST',
      title: 'Under concurrent logins exactly the newest instances survive and every other one is kicked once',
      source: derived('"a newly logged in instance will kick out an earlier one" must hold when logins race'),
    },
  },
  logout: {
    'logout.stops-delivery': {
      level: 'MUST',
      title: 'After logout no new messages are received',
      source: 'you can call the logout API (Details) to log out of the SDK, after which you will no longer receive new messages.',
      capabilities: ['messaging'],
    },
    'logout.frees-slot': {
      level: 'MUST',
      title: 'After logout, a new login on the same platform kicks nobody',
      source: derived('a logged-out instance no longer counts against the per-platform limit'),
    },
    'logout.when-logged-out': {
      level: 'SHOULD',
      title: 'Logout without a login is harmless and gives a defined answer',
      source: derived('logout is safe to call from any state'),
    },
    'logout.uninit': {
      level: 'MUST',
      title: 'After unInitSDK, every API answers not-initialized',
      source: 'Note that in this case, you also need to call unInitSDK (Details) after the logout to uninitialize the SDK.',
    },
  },
  kick: {
    'kick.admin': {
      level: 'MAY',
      title: 'A server-side kick ends every instance of the user, each with onKickedOffline',
      source: 'When a user is kicked offline, the IM SDK will notify you through the onKickedOffline callback',
      capabilities: ['admin-kick'],
    },
    'kick.relogin': {
      level: 'MUST',
      title: 'A kicked client logs in again with its ticket',
      source: 'In this case, you can prompt the user and call login to log in again.',
    },
  },
  dau: {
    'dau.after-login-only': {
      level: 'MAY',
      title: 'A user counts as daily active once after a successful login, never for a failed one',
      source: 'After you call the IM SDK API and log in successfully, DAU calculation will start',
      capabilities: ['metrics'],
    },
  },
  model: {
    'model.sequences': {
      level: 'MUST',
      title: 'Random sequences of operations across clients agree with an independent model of the rules',
      source: derived('all rules above, checked together'),
    },
  },
} satisfies Record<Group, Record<string, Entry>>;

/** A rule's ID, as the catalog spells it: spec() takes only these, so a misspelt ID fails to compile. */
export type RuleId = { [G in Group]: keyof (typeof entries)[G] & string }[Group];

/** Where a rule's specs live: one file a group (fixtures/spec.ts fails a spec found elsewhere). */
export const specFileOf = (rule: Pick<Rule, 'group'>) => `specs/${rule.group}.spec.ts`;

export const CATALOG: readonly Rule[] = Object.entries(entries).flatMap(([group, rules]) =>
  Object.entries(rules).map(([id, e]) => Rule.parse({ id, group, capabilities: [], ...e })),
);

const byId = new Map(CATALOG.map((r) => [r.id, r]));
export function ruleById(id: string): Rule {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown rule ID "${id}" (not in specs/catalog.ts)`);
  return rule;
}
