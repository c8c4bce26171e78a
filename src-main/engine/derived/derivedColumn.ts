// A computed dimension in the snapshot's own form: codes in shared memory, the fixed labels in
// display order, then `No person key` and `Unknown` only where some row has them (as the
// loader does for a column's NULLs), so a table's shape is stable and carries no empty tail.
import { NO_PERSON_KEY, UNKNOWN } from '../../../shared/codebook.ts';
import { codeArrayFor, numericValueOf, type DimensionColumn } from '../snapshot.ts';

export interface DraftColumn {
  name: string;
  kind: DimensionColumn['kind'];
  open: boolean;
  labels: readonly string[];
  /** Per row: an index into `labels`; `labels.length` for no person, one more for unknown. */
  codes: Uint8Array | Uint16Array;
}

export function finishColumn(draft: DraftColumn): DimensionColumn {
  const fixed = draft.labels.length;
  const noKey = fixed;
  const unknown = fixed + 1;
  let seenNoKey = false;
  let seenUnknown = false;
  for (let i = 0; i < draft.codes.length; i++) {
    const c = draft.codes[i] as number;
    if (c === noKey) seenNoKey = true;
    else if (c === unknown) seenUnknown = true;
  }
  const flag = draft.kind === 'flag';
  const labels = [...draft.labels];
  const remap = new Uint16Array(fixed + 2);
  for (let c = 0; c < fixed; c++) remap[c] = c;
  // A flag has no room for a reason: a row without a person is Unknown there.
  if (seenNoKey && !flag) {
    remap[noKey] = labels.length;
    labels.push(NO_PERSON_KEY);
  }
  if (seenUnknown || (seenNoKey && flag)) {
    remap[unknown] = labels.length;
    if (flag) remap[noKey] = labels.length;
    labels.push(UNKNOWN);
  }
  const codes = codeArrayFor(labels.length, draft.codes.length);
  for (let i = 0; i < draft.codes.length; i++) codes[i] = remap[draft.codes[i] as number] as number;
  return {
    name: draft.name,
    kind: draft.kind,
    open: draft.open,
    labels,
    codes,
    numericValues: labels.map(numericValueOf),
  };
}

/**
 * Draft code → label index of a finished column, for its codes made again over the same rows
 * (another window): which rows lack a person or a date does not change, so neither do the labels.
 */
export function draftRemap(fixed: number, kind: DimensionColumn['kind'], labels: readonly string[]): Uint16Array {
  const remap = new Uint16Array(fixed + 2);
  for (let c = 0; c < fixed; c++) remap[c] = c;
  const noKey = labels.indexOf(NO_PERSON_KEY, fixed);
  const unknown = labels.indexOf(UNKNOWN, fixed);
  remap[fixed] = Math.max(0, kind === 'flag' ? unknown : noKey);
  remap[fixed + 1] = Math.max(0, unknown);
  return remap;
}
