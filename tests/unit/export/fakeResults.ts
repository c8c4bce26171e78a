// Query results built by hand for the export tests (no engine): a cross-tab with counts, its
// totals, primary suppression of small counts (null, as the disclosure layer publishes them)
// and a disclosure report; and a fake resolver that answers any spec with plausible numbers.
import { BUILT_IN_CODEBOOK, findColumn } from '../../../shared/codebook.ts';
import { DEFAULT_DISCLOSURE, type QueryResult, type QuerySpec } from '../../../shared/query.ts';
import { disclosureFootnote } from '../../../src-main/disclosure/footnote.ts';

export interface HandTable {
  rows: string[];
  rowKeys: string[][];
  cols: string[];
  colKeys: string[][];
  counts: number[][];
  cohort?: string;
  measure?: 'records' | 'persons';
  spec?: unknown;
  /** Suppress counts 1..threshold-1 (null) and the totals of their lines. */
  threshold?: number;
  disclosure?: boolean;
}

export function handResult(table: HandTable): QueryResult {
  const threshold = table.threshold ?? 5;
  const rule = { ...DEFAULT_DISCLOSURE, threshold };
  const primary: Array<[number, number]> = [];
  const counts = table.counts.map((row, r) =>
    row.map((v, c) => {
      if (table.disclosure !== false && v > 0 && v < threshold) {
        primary.push([r, c]);
        return null;
      }
      return v;
    }),
  );
  const rowTotals = table.counts.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = (table.colKeys.length ? table.colKeys : [[]]).map((_k, c) =>
    table.counts.reduce((a, row) => a + (row[c] ?? 0), 0),
  );
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const small = (v: number): boolean => table.disclosure !== false && v > 0 && v < threshold;
  // A stand-in for secondary suppression: a line holding a suppressed cell hides its total too.
  const rowHidden = new Set(primary.map(([r]) => r));
  const colHidden = new Set(primary.map(([, c]) => c));
  return {
    spec: table.spec ?? {},
    rows: { fields: table.rows, keys: table.rowKeys },
    cols: { fields: table.cols, keys: table.colKeys.length ? table.colKeys : [[]] },
    counts,
    rowTotals: rowTotals.map((v, r) => (small(v) || rowHidden.has(r) ? null : v)),
    colTotals: colTotals.map((v, c) => (small(v) || colHidden.has(c) ? null : v)),
    total: small(total) ? null : total,
    suppressed: primary,
    disclosure:
      table.disclosure === false
        ? null
        : {
            rule,
            footnote: disclosureFootnote(rule),
            primary,
            secondary: [],
            suppressedRowTotals: [],
            suppressedColTotals: [],
            totalSuppressed: small(total),
            rounded: false,
          },
    meta: {
      cohort: table.cohort ?? 'victims',
      measure: table.measure ?? 'records',
      recordsMatched: total,
      recordsTotal: total,
      elapsedMs: 1,
      warnings: [],
    },
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function categoriesOf(field: string, spec: QuerySpec): string[] {
  if (field === 'financial_year') {
    const f = spec.filters.find((x) => x.field === 'financial_year' && 'in' in x) as { in: string[] } | undefined;
    return f?.in ?? ['2021/22', '2022/23', '2023/24'];
  }
  const column = findColumn(BUILT_IN_CODEBOOK, field);
  let categories = column ? [...column.categories] : ['A', 'B'];
  if (column?.kind === 'flag') categories = ['Yes', 'No'];
  for (const f of spec.filters) {
    if (f.field !== field) continue;
    if ('in' in f) categories = categories.filter((c) => f.in.includes(c));
    if ('notIn' in f) categories = categories.filter((c) => !f.notIn.includes(c));
  }
  return categories;
}

function keysOf(fields: readonly string[], spec: QuerySpec): string[][] {
  return fields.reduce<string[][]>(
    (keys, field) => keys.flatMap((k) => categoriesOf(field, spec).map((c) => [...k, c])),
    [[]],
  );
}

export interface FakeResolver {
  resolve: (spec: QuerySpec) => Promise<QueryResult>;
  calls: QuerySpec[];
}

/** Answers any spec with deterministic counts (a few small enough to be suppressed). */
export function fakeResolver(options: { small?: (key: string) => boolean; disclosure?: boolean } = {}): FakeResolver {
  const calls: QuerySpec[] = [];
  const resolve = async (spec: QuerySpec): Promise<QueryResult> => {
    calls.push(spec);
    const rowKeys = keysOf(spec.rows, spec);
    const colKeys = keysOf(spec.cols, spec);
    const base = JSON.stringify({ c: spec.cohort, f: spec.filters, m: spec.measure });
    const counts = rowKeys.map((rk) =>
      colKeys.map((ck) => {
        const key = `${base}|${rk.join('/')}|${ck.join('/')}`;
        if (options.small?.(key)) return 3;
        const h = hash(key);
        // A plain count shrinks with every filter beyond the year, so a subset stays below its base.
        if (rowKeys.length === 1 && colKeys.length === 1 && spec.rows.length + spec.cols.length === 0) {
          const narrowing = spec.filters.filter((f) => f.field !== 'financial_year').length;
          return Math.floor(5000 / (1 + 3 * narrowing)) - (h % 300);
        }
        return rk.includes('Unknown') || ck.includes('Unknown') ? h % 40 : 40 + (h % 900);
      }),
    );
    return handResult({
      rows: spec.rows,
      rowKeys,
      cols: spec.cols,
      colKeys: spec.cols.length ? colKeys : [],
      counts,
      cohort: spec.cohort,
      measure: spec.measure,
      spec,
      disclosure: options.disclosure ?? true,
    });
  };
  return { resolve, calls };
}
