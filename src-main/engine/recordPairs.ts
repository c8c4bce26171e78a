// Which pairs of categories of two fields a person's records hold: the district beside each
// LSOA. The needs audit reads a district crossed with its LSOA as the LSOA's: a person of an
// LSOA of Fenland is not in Peterborough, in the data as in the ONS lookup an intruder knows.
import type { CohortSnapshot } from './snapshot.ts';

export type RecordPairs = ReadonlyArray<readonly [string, string]>;

/**
 * Per snapshot, per (source, derived) asked before, its pairs: the snapshot never changes, and
 * the scan of a million records on the main thread is paid once, not at every settle and panel.
 */
const known = new WeakMap<CohortSnapshot, Map<string, RecordPairs | null>>();

function scan(snapshot: CohortSnapshot, source: string, derived: string): RecordPairs | null {
  const from = snapshot.dimensions[source];
  const to = snapshot.dimensions[derived];
  if (from === undefined || to === undefined) return null;
  const width = to.labels.length;
  const seen = new Set<number>();
  for (let i = 0; i < snapshot.rowCount; i++)
    if (snapshot.personIds[i]! >= 0) seen.add(from.codes[i]! * width + to.codes[i]!);
  return [...seen]
    .sort((a, b) => a - b)
    .flatMap((pair) => {
      const [s, d] = [from.labels[Math.floor(pair / width)], to.labels[pair % width]];
      return s === undefined || d === undefined ? [] : [[s, d] as const];
    });
}

/**
 * The (source, derived) label pairs the records of persons hold, each once; null where the
 * snapshot holds no category column of either. Records of no person are nobody's, and left out.
 */
export function recordPairs(snapshot: CohortSnapshot, source: string, derived: string): RecordPairs | null {
  let seen = known.get(snapshot);
  if (seen === undefined) known.set(snapshot, (seen = new Map()));
  const key = JSON.stringify([source, derived]);
  let pairs = seen.get(key);
  if (pairs === undefined) seen.set(key, (pairs = scan(snapshot, source, derived)));
  return pairs;
}
