// `node:crypto` as the page bundle needs it: the reference client names each SDK instance with a
// random UUID, which a page has as crypto.randomUUID (http://127.0.0.1 is a secure context).
export const randomUUID = (): string => globalThis.crypto.randomUUID();
