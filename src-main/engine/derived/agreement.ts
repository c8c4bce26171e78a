// How far the computed repeat flag agrees with the one the extract supplied: from a published
// table of the two flags (as printed, so it tells nothing the table does not), the share of
// records on which they agree and Cohen's kappa, over the records where both are Yes or No.
import type { QueryResult } from '../../../shared/query.ts';

const COMPUTED = 'repeat_record';
const IMPORTED = 'repeat_victim';

export interface Agreement {
  n: number;
  agreement: number;
  kappa: number | null;
}

/** Agreement and kappa of a 2 × 2 table [[yes-yes, yes-no], [no-yes, no-no]]. */
export function agreementOf(table: readonly (readonly number[])[]): Agreement | null {
  const [[a, b], [c, d]] = table as [[number, number], [number, number]];
  const n = a + b + c + d;
  if (n === 0) return null;
  const observed = (a + d) / n;
  const expected = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n);
  return { n, agreement: observed, kappa: expected === 1 ? null : (observed - expected) / (1 - expected) };
}

/** The note for a published table of the computed flag by the imported one; null for any other table, or when a needed cell is hidden. */
export function agreementNote(result: Pick<QueryResult, 'rows' | 'cols' | 'counts'>): string | null {
  const rows = result.rows.fields;
  const cols = result.cols.fields;
  if (rows.length !== 1 || cols.length !== 1) return null;
  const computedInRows = rows[0] === COMPUTED && cols[0] === IMPORTED;
  if (!computedInRows && !(rows[0] === IMPORTED && cols[0] === COMPUTED)) return null;
  const rowOf = (label: string) => result.rows.keys.findIndex((k) => k[0] === label);
  const colOf = (label: string) => result.cols.keys.findIndex((k) => k[0] === label);
  const cell = (computed: string, imported: string): number | null => {
    const i = computedInRows ? rowOf(computed) : rowOf(imported);
    const j = computedInRows ? colOf(imported) : colOf(computed);
    return i < 0 || j < 0 ? 0 : (result.counts[i]?.[j] ?? null);
  };
  const table = [
    [cell('Yes', 'Yes'), cell('Yes', 'No')],
    [cell('No', 'Yes'), cell('No', 'No')],
  ];
  if (table.flat().some((v) => v === null)) {
    return 'Agreement with the extract’s repeat victim flag is not shown: a cell it needs is hidden.';
  }
  const found = agreementOf(table as number[][]);
  if (found === null) return null;
  const kappa = found.kappa === null ? '' : `; Cohen’s kappa ${found.kappa.toFixed(2)}`;
  return `The computed and the extract’s repeat victim flags agree on ${(100 * found.agreement).toFixed(1)}% of the ${found.n.toLocaleString('en-GB')} records where both are known${kappa}.`;
}
