// One API method as a typed function, for the domain modules of data/: components call
// `workspaceCalls.open(args)`, and only data/ (and the app's own state) speaks to the client.
import type { ArgsOf, MethodName, ResultOf } from '../../shared/contract/index.ts';
import { apiClient } from '../api/client.ts';
import type { CallOptions } from '../api/rpcClient.ts';

export type { CallOptions };

export function caller<M extends MethodName>(method: M) {
  return (args: ArgsOf<M>, options?: CallOptions): Promise<ResultOf<M>> => apiClient().call(method, args, options);
}
