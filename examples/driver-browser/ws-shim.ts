// `ws`'s client API over the browser's WebSocket, for the page bundle: the reference client SDK
// (adapters/reference/client.ts) is written against `ws` (on/once/off, terminate), and the
// bundle maps its `import { WebSocket } from 'ws'` here. Only a URL can be dialed from a page.
type Listener = (...args: unknown[]) => void;

export class WebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readonly #socket: globalThis.WebSocket;
  readonly #listeners = new Map<string, Set<Listener>>();

  constructor(url: string) {
    this.#socket = new globalThis.WebSocket(url);
    this.#socket.addEventListener('open', () => this.#emit('open'));
    this.#socket.addEventListener('message', (e) => this.#emit('message', e.data, false));
    this.#socket.addEventListener('error', () => this.#emit('error', new Error('WebSocket error')));
    this.#socket.addEventListener('close', (e) => this.#emit('close', e.code, e.reason));
  }

  get readyState(): number {
    return this.#socket.readyState;
  }

  on(event: string, listener: Listener): this {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event)!.add(listener);
    return this;
  }

  once(event: string, listener: Listener): this {
    const once: Listener = (...args) => {
      this.off(event, once);
      listener(...args);
    };
    (once as { listener?: Listener }).listener = listener;
    return this.on(event, once);
  }

  off(event: string, listener: Listener): this {
    const set = this.#listeners.get(event);
    for (const l of set ?? []) if (l === listener || (l as { listener?: Listener }).listener === listener) set!.delete(l);
    return this;
  }

  send(data: string): void {
    this.#socket.send(data);
  }

  close(): void {
    this.#socket.close();
  }

  /** A browser cannot reset a connection: closing is the nearest it has. */
  terminate(): void {
    this.#socket.close();
  }

  #emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) listener(...args);
  }
}

export type RawData = string;
