// Copying the write-ahead log into the workspace file, as a typed call a store worker makes on
// its own connection. An import commits with automatic checkpoints off (bulkWriteSettings.ts),
// which leaves a million rows' pages in the WAL; copying them took the main thread 1 s of CPU
// and, on a loaded machine, 14 s of waiting, so the app asks a store worker to do it instead.
import type { CipherDatabase } from './cipherDatabase.ts';

/** WAL frames before the call and frames now copied into the file (equal: nothing left to copy). */
export interface CheckpointResult {
  walFrames: number;
  copiedFrames: number;
}

/**
 * A passive checkpoint: copies what no reader still needs and never waits for a lock (a
 * reader or writer elsewhere only shortens what is copied; the next checkpoint copies the rest).
 */
export function checkpointWal(db: CipherDatabase): CheckpointResult {
  const row = db.pragma('wal_checkpoint(PASSIVE)', { simple: false }) as Array<{
    busy: number;
    log: number;
    checkpointed: number;
  }>;
  const result = row[0];
  return { walFrames: Math.max(0, result?.log ?? 0), copiedFrames: Math.max(0, result?.checkpointed ?? 0) };
}
