// The `import_batches` rows of an import (written by the store: store/importBatchWrites.ts)
// and who runs it.
import { userInfo } from 'node:os';

export {
  completeBatch,
  findBatchByHash,
  nextRecordId,
  openBatch,
  type PriorBatch,
} from '../store/importBatchWrites.ts';

export function defaultUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
