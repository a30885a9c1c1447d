// Where the Tencent Cloud Chat REST admin API lives: one host per data-centre region, as the
// RESTful API overview lists them (the region is the one the app was created in, shown in the
// console). A name from this table, or the https:// URL of another Tencent-compatible server.

/** Region name → host of the REST admin API. */
export const TENCENT_REGIONS = {
  china: 'console.tim.qq.com',
  singapore: 'adminapisgp.im.qcloud.com',
  seoul: 'adminapikr.im.qcloud.com',
  tokyo: 'adminapijpn.im.qcloud.com',
  frankfurt: 'adminapiger.im.qcloud.com',
  mumbai: 'adminapiind.im.qcloud.com',
  'silicon-valley': 'adminapiusa.im.qcloud.com',
  jakarta: 'adminapiidn.im.qcloud.com',
} as const satisfies Record<string, string>;
export type TencentRegion = keyof typeof TENCENT_REGIONS;

/** The documentation's first entry; an app created elsewhere sets TENCENT_REGION or --tencent-region. */
export const DEFAULT_TENCENT_REGION: TencentRegion = 'china';

export class UnknownRegionError extends Error {
  override name = 'UnknownRegionError';
}

/** The base URL of the REST admin API for a region name (any case), an https:// URL or a local http:// one; throws UnknownRegionError otherwise. */
export function tencentRestBaseUrl(region: string): string {
  const name = region.trim().toLowerCase();
  if (Object.hasOwn(TENCENT_REGIONS, name)) return `https://${TENCENT_REGIONS[name as TencentRegion]}`;
  if (/^https?:\/\//i.test(region)) {
    let url: URL | undefined;
    try {
      url = new URL(region);
    } catch {
      // fall through to the error
    }
    // The admin UserSig travels in the query string: in clear only to this machine.
    const local = url !== undefined && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url && (url.protocol === 'https:' || local)) return url.href.replace(/\/+$/, '');
  }
  throw new UnknownRegionError(`unknown Tencent region "${region}": expected one of ${Object.keys(TENCENT_REGIONS).join(', ')} (or the https:// URL of a Tencent-compatible server; http:// only to this machine)`);
}
