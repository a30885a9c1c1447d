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
import { z } from 'zod';
import { LoginSettings, PLATFORMS, type LoginPolicy, type Platform } from '../contract.ts';

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

/** Mobile and desktop; web is a group of its own (in none of these). */
const GROUPS: readonly (readonly Platform[])[] = [['android', 'iphone', 'ipad'], ['windows', 'macos']];

/** Whether instances on two different platforms conflict, by policy (a table: an unknown policy is an error, not "no conflict"). */
const CONFLICT: Record<LoginPolicy, (a: Platform, b: Platform) => boolean> = {
  'single-platform': () => true,
  'dual-platform': (a, b) => a !== 'web' && b !== 'web',
  'triple-platform': (a, b) => GROUPS.some((group) => group.includes(a) && group.includes(b)),
  'multi-platform': () => false,
};

/** Whether instances on `a` and `b` may not be online together under `policy`; the same platform is the per-platform maximum's business. */
export function platformsConflict(policy: LoginPolicy, a: Platform, b: Platform): boolean {
  return a !== b && CONFLICT[policy](a, b);
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
 * their value; a refused change changes nothing, and so does a malformed one (an unknown
 * policy or platform, a fraction).
 */
export function applySettings(
  current: Settings,
  change: unknown,
  bound: (platform: Platform) => number = maxInstancesBound,
): { ok: true; settings: Settings } | { ok: false; reason: string } {
  const parsed = LoginSettings.safeParse(change);
  if (!parsed.success) return { ok: false, reason: `malformed settings: ${z.prettifyError(parsed.error)}` };
  const maxInstances = { ...current.maxInstances };
  for (const [platform, max] of Object.entries(parsed.data.maxInstances ?? {}) as [Platform, number][]) {
    if (max < 1 || max > bound(platform)) return { ok: false, reason: `maxInstances.${platform} must be from 1 to ${bound(platform)} but got ${max}` };
    maxInstances[platform] = max;
  }
  return { ok: true, settings: { policy: parsed.data.policy ?? current.policy, maxInstances } };
}
