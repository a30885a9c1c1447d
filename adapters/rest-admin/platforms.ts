// Tencent's platform names (query_online_status Detail.Platform, callbacks' ClientPlatform)
// and the contract's platforms. Names vary in case across documentation versions ("iPhone",
// "IPhone") and some APIs say "iOS" or "Mac": matched without case, with those aliases.
import { PLATFORMS, type OnlineInstances, type Platform } from '../contract.ts';
import type { QueryResultItem } from './client.ts';

const BY_NAME: Record<string, Platform> = {
  android: 'android',
  iphone: 'iphone',
  ios: 'iphone',
  ipad: 'ipad',
  windows: 'windows',
  pc: 'windows',
  mac: 'macos',
  macos: 'macos',
  web: 'web',
};

/** The contract's platform for a Tencent platform name, or undefined for one it has no name for. */
export function platformFromTencent(name: string): Platform | undefined {
  return BY_NAME[name.toLowerCase()];
}

/**
 * Instances per platform from a query_online_status result (asked with IsNeedDetail: 1):
 * every Detail entry that is Online or PushOnline (a session kept for a dropped connection).
 * An unknown platform name is an error, not silently dropped.
 */
export function instancesFromDetail(result: QueryResultItem): OnlineInstances {
  const counts = new Map<Platform, number>();
  for (const { Platform: name, Status } of result.Detail ?? []) {
    if (Status === 'Offline') continue;
    const platform = platformFromTencent(name);
    if (!platform) throw new Error(`Expected a Tencent platform name (${Object.keys(BY_NAME).join(', ')}) but got ${JSON.stringify(name)} for ${result.To_Account}`);
    counts.set(platform, (counts.get(platform) ?? 0) + 1);
  }
  return PLATFORMS.filter((p) => counts.has(p)).map((platform) => ({ platform, instances: counts.get(platform) ?? 0 }));
}
