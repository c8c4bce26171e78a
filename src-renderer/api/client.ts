// The renderer's one API client, on whichever transport this window has.
import { createRpcClient, type RpcClient } from './rpcClient.ts';
import { createHttpTransport, createIpcTransport } from './transports.ts';

function connect(): RpcClient {
  if (window.vsoIpc !== undefined) return createRpcClient(createIpcTransport(window.vsoIpc));
  // Browser mode: the page was served, so this browser holds the session cookie.
  return createRpcClient(createHttpTransport());
}

let client: RpcClient | null = null;

export function apiClient(): RpcClient {
  client ??= connect();
  return client;
}
