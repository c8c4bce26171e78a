// Who runs an import, as its batch row records it (the row itself is written by the store:
// store/importBatchWrites.ts).
import { userInfo } from 'node:os';

export function defaultUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
