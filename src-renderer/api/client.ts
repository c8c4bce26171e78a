// The renderer's one API client, on whichever transport this window has.
import { AppError } from '../../shared/errors.ts';
import { createRpcClient, type RpcClient } from './rpcClient.ts';
import { createHttpTransport, createIpcTransport, takeBridgeToken } from './transports.ts';

function connect(): RpcClient {
  if (window.vsoIpc !== undefined) return createRpcClient(createIpcTransport(window.vsoIpc));
  const token = takeBridgeToken();
  if (token === null) {
    throw new AppError(
      'UNAUTHORIZED',
      'This page was opened without its access token. Start VSO Workbench with "npm start" and use the window it opens.',
    );
  }
  return createRpcClient(createHttpTransport(token));
}

let client: RpcClient | null = null;

export function apiClient(): RpcClient {
  client ??= connect();
  return client;
}
