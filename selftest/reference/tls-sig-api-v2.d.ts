// Types for the untyped `tls-sig-api-v2` package (the official Node ticket generator).
declare module 'tls-sig-api-v2' {
  export class Api {
    constructor(sdkappid: number, key: string);
    genUserSig(userid: string, expire: number): string;
  }
  const pkg: { Api: typeof Api };
  export default pkg;
}
