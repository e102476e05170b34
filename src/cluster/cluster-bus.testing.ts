import type { ClusterMessage } from './cluster-events.js';

/**
 * For unit specs of the caches: ClusterEvents' subscription surface, driven by hand (the real
 * LISTEN connection is exercised across two processes in test/cluster).
 */
export function clusterBus() {
  const handlers = new Map<string, ((message: ClusterMessage) => void)[]>();
  const resets: (() => void)[] = [];
  return {
    listening: true,
    on(type: string, handler: (message: never) => void) {
      handlers.set(type, [...(handlers.get(type) ?? []), handler as (message: ClusterMessage) => void]);
    },
    onReset(handler: () => void) {
      resets.push(handler);
    },
    send(message: ClusterMessage) {
      for (const handler of handlers.get(message.type) ?? []) handler(message);
    },
    reset() {
      for (const handler of resets) handler();
    },
  };
}
