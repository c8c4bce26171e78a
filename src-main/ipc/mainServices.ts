// The long-lived state behind the handlers, one per running app: which mode it runs in,
// the open workspace session, the engine. Transports share one instance and forward
// its events to their renderers.
import type { EventMessage } from '../../shared/protocol.ts';

export type AppEvent = Omit<EventMessage, 'type'>;

export interface MainServices {
  mode: 'electron' | 'browser';
  modeReason: string;
  publish(event: AppEvent): void;
  subscribe(listener: (event: AppEvent) => void): () => void;
}

export function createMainServices(options: Pick<MainServices, 'mode' | 'modeReason'>): MainServices {
  const listeners = new Set<(event: AppEvent) => void>();
  return {
    ...options,
    publish(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
