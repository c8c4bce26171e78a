// The two transports behind the one client: Electron IPC through the preload's tiny
// bridge, or the loopback HTTP bridge in browser mode, authorised by the session cookie the
// page got when it was launched (HttpOnly: this code never sees it; the browser sends it).
import {
  BRIDGE_EVENTS_PATH,
  BRIDGE_RPC_PATH,
  type ClientMessage,
  type ClientTransport,
  type ServerMessage,
} from '../../shared/protocol.ts';

/** What the Electron preload exposes on `window.vsoIpc` (see src-main/shell/preload.ts). */
export interface PreloadBridge {
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): () => void;
}

declare global {
  interface Window {
    vsoIpc?: PreloadBridge;
  }
}

async function readLines(body: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== '') onLine(line);
      newline = buffer.indexOf('\n');
    }
  }
}

export function createHttpTransport(): ClientTransport {
  const listeners = new Set<(message: ServerMessage) => void>();
  const deliver = (message: ServerMessage): void => {
    for (const listener of listeners) listener(message);
  };
  const headers = { 'Content-Type': 'application/json' };

  const failAll = (id: string, message: string): void =>
    deliver({ type: 'result', id, ok: false, error: { code: 'INTERNAL', message } });

  async function listenForEvents(): Promise<void> {
    for (;;) {
      try {
        const response = await fetch(BRIDGE_EVENTS_PATH, { credentials: 'same-origin' });
        if (response.body === null || !response.ok) return;
        await readLines(response.body, (line) => deliver(JSON.parse(line) as ServerMessage));
      } catch {
        // The app is closing or restarting; try again shortly.
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  void listenForEvents();

  return {
    send(message) {
      void (async () => {
        try {
          const response = await fetch(BRIDGE_RPC_PATH, {
            method: 'POST',
            headers,
            credentials: 'same-origin',
            body: JSON.stringify(message),
          });
          if (message.type === 'cancel') return;
          if (!response.ok || response.body === null) {
            const text = await response.text();
            failAll(message.id, `The app refused the request (${response.status}): ${text}`);
            return;
          }
          await readLines(response.body, (line) => deliver(JSON.parse(line) as ServerMessage));
        } catch (error) {
          if (message.type === 'request') {
            failAll(
              message.id,
              `Lost contact with VSO Workbench: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
      })();
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function createIpcTransport(bridge: PreloadBridge): ClientTransport {
  return { send: (message) => bridge.send(message), onMessage: (listener) => bridge.onMessage(listener) };
}
