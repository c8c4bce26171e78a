// Protection across a release off the main thread, however small the release: with earlier
// tables linked, a 10 x 5 table's linear programs held the main thread for tens of ms to
// seconds. The work goes to the release worker kept warm (releaseThread.ts), so a small table
// pays a message each way, not a worker's start, and the main process keeps answering (cancel,
// the idle lock) meanwhile.
import type { WorkOptions } from './attackerBounds.ts';
import type { ReleaseInput, ReleaseResult } from './protectRelease.ts';
import { protectInReleaseWorker } from './releaseThread.ts';

export { releaseWorkerUrl } from './releaseThread.ts';

/** protectInRelease in the release worker; `entry` names another worker entry (tests). */
export function protectInReleaseOffThread(
  input: ReleaseInput,
  options: WorkOptions = {},
  entry?: URL,
): Promise<ReleaseResult> {
  return protectInReleaseWorker(input, options, entry);
}
