import type { Endpoint } from 'comlink';
import type { MessagePort, Worker } from 'node:worker_threads';

/**
 * Comlink endpoint over a Node worker_threads port (the same idea as comlink's node-adapter,
 * which ships without type declarations for its .mjs path): Node delivers `data`, comlink expects
 * `{ data }` events.
 */
type Listener = Parameters<Endpoint['addEventListener']>[1];
type NodeListener = (data: unknown) => void;

export function nodeEndpoint(port: MessagePort | Worker): Endpoint {
  const wrapped = new WeakMap<Listener, NodeListener>();
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer as never),
    addEventListener: (_type: string, listener: Listener) => {
      const onMessage: NodeListener = (data) => {
        const event = { data } as MessageEvent;
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      };
      wrapped.set(listener, onMessage);
      port.on('message', onMessage);
    },
    removeEventListener: (_type: string, listener: Listener) => {
      const onMessage = wrapped.get(listener);
      if (onMessage) port.off('message', onMessage);
    },
  };
}
