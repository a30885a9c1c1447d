// Multi-client login: which instances of one user may stay online together, as the Tencent
// console configures it. Pure functions of the current sessions, the candidate and the settings.
//
// The two settings are orthogonal. The policy says which *different* platforms may be online
// at the same time; the per-platform maximum says how many instances of the *same* platform
// may. Platform groups: mobile = Android, iPhone, iPad; desktop = Windows, macOS; and web.
//   single-platform  every two different platforms conflict (one platform at a time)
//   dual-platform    any two non-web platforms conflict; web goes with anything
//   triple-platform  two platforms of the same group conflict (one mobile, one desktop, web)
//   multi-platform   nothing conflicts
// Default: multi-platform with at most 1 instance per platform (a second Android login kicks
// the first, an Android and an iPhone stay together): the documented default behaviour.
import { PLATFORMS, LoginPolicy, type LoginSettings, type Platform } from '../contract.ts';

export interface Settings {
  policy: LoginPolicy;
  maxInstances: Record<Platform, number>;
}

export const DEFAULT_POLICY: LoginPolicy = 'multi-platform';
export const DEFAULT_MAX_INSTANCES = 1;

/** The console's bounds: up to 10 web instances, up to 3 on every other platform. */
export function maxInstancesBound(platform: Platform): number {
  return platform === 'web' ? 10 : 3;
}

export function defaultSettings(): Settings {
  return { policy: DEFAULT_POLICY, maxInstances: Object.fromEntries(PLATFORMS.map((p) => [p, DEFAULT_MAX_INSTANCES])) as Record<Platform, number> };
}

type Group = 'mobile' | 'desktop' | 'web';
const GROUP: Record<Platform, Group> = { android: 'mobile', iphone: 'mobile', ipad: 'mobile', windows: 'desktop', macos: 'desktop', web: 'web' };

/** Whether instances on two different platforms may not be online together under `policy`. */
export function platformsConflict(policy: LoginPolicy, a: Platform, b: Platform): boolean {
  if (a === b) return false; // the same platform is the per-platform maximum's business
  switch (policy) {
    case 'single-platform':
      return true;
    case 'dual-platform':
      return a !== 'web' && b !== 'web';
    case 'triple-platform':
      return GROUP[a] === GROUP[b];
    case 'multi-platform':
      return false;
  }
}

/**
 * The sessions a new login on `candidate.platform` kicks out, given the user's other sessions
 * (oldest first, not including the candidate's own instance): every one on a conflicting
 * platform, and on the same platform all but the newest max - 1. Newest wins.
 */
export function admission<S extends { platform: Platform }>(others: readonly S[], candidate: { platform: Platform }, settings: Settings): S[] {
  const samePlatform = others.filter((s) => s.platform === candidate.platform);
  const excess = Math.max(0, samePlatform.length + 1 - settings.maxInstances[candidate.platform]);
  const kicked = new Set<S>([...others.filter((s) => platformsConflict(settings.policy, s.platform, candidate.platform)), ...samePlatform.slice(0, excess)]);
  return others.filter((s) => kicked.has(s)); // oldest first
}

/**
 * The settings after a console change, or why the change is refused. Fields left out keep
 * their value; a refused change changes nothing.
 */
export function applySettings(
  current: Settings,
  change: LoginSettings,
  bound: (platform: Platform) => number = maxInstancesBound,
): { ok: true; settings: Settings } | { ok: false; reason: string } {
  if (typeof change !== 'object' || change === null) return { ok: false, reason: `expected { policy?, maxInstances? } but got ${String(change)}` };
  let policy = current.policy;
  if (change.policy !== undefined) {
    const parsed = LoginPolicy.safeParse(change.policy);
    if (!parsed.success) return { ok: false, reason: `unknown policy ${JSON.stringify(change.policy)}: expected one of ${LoginPolicy.options.join(', ')}` };
    policy = parsed.data;
  }
  const maxInstances = { ...current.maxInstances };
  for (const [platform, max] of Object.entries(change.maxInstances ?? {})) {
    if (!(PLATFORMS as readonly string[]).includes(platform)) return { ok: false, reason: `unknown platform ${JSON.stringify(platform)}` };
    const p = platform as Platform;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > bound(p)) {
      return { ok: false, reason: `maxInstances.${p} must be an integer from 1 to ${bound(p)} but got ${String(max)}` };
    }
    maxInstances[p] = max;
  }
  return { ok: true, settings: { policy, maxInstances } };
}
