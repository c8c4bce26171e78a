// Needs together side by side: one matrix per category of the panel field (sex, age band or
// service), each resolved by the caller as the matrix of the offenders of that category alone
// (so each is protected as its own filtered output of the release), and the matrix of them
// all for the row totals (a row's total is the persons with its need); a category of nobody is
// no panel. The panels are joined
// into one table whose columns are (category, need), the panel first, as the heatmap and the
// exports read it.
import { COOCCURRENCE_FIELDS } from '../../../shared/needsCooccurrence.ts';
import { boundingPiece } from './needsCooccurrence.ts';
import type { NeedsPanelField } from '../../../shared/needsPanels.ts';
import type { DisclosureReport, GivenAwayEarlier, QueryResult, QuerySpec } from '../../../shared/query.ts';

/** Resolves one needs-together matrix (a spec with the needs alone as columns) as it will be published. */
export type MatrixResolver = (spec: QuerySpec, name: string) => Promise<QueryResult>;

export async function needsByPanel(
  spec: QuerySpec,
  panel: NeedsPanelField,
  categories: readonly string[],
  resolveMatrix: MatrixResolver,
): Promise<QueryResult> {
  const started = performance.now();
  const single: QuerySpec = { ...spec, cols: [COOCCURRENCE_FIELDS.with] };
  // The whole's counts (printed as row totals) bound every panel's cells under them: a need of 7
  // overall caps a hidden pair of 4 in one panel at 7. So the whole is held to the threshold under
  // which a printed count could bound a hidden small one, as a need bounding its hidden pairs is.
  const whole = await resolveMatrix(boundingPiece(single, 1), 'all offenders');
  const resolved: Array<{ category: string; matrix: QueryResult }> = [];
  for (const category of categories) {
    const filters = [...spec.filters, { kind: 'in' as const, field: panel, in: [category] }];
    resolved.push({
      category,
      matrix: await resolveMatrix({ ...single, filters }, `offenders of ${panel} ${category}`),
    });
  }
  // A panel published as nobody at all is left out (hidden totals keep theirs).
  const shown = resolved.filter(({ matrix }) => matrix.total !== 0);
  const panels = shown.map(({ matrix }) => matrix);
  const width = whole.cols.keys.length;
  const shift = (p: number) => (cells: ReadonlyArray<readonly [number, number]>) =>
    cells.map(([r, c]): [number, number] => [r, p * width + c]);
  const hidden = (pick: (d: DisclosureReport) => ReadonlyArray<readonly [number, number]>) =>
    panels.flatMap((m, p) => (m.disclosure ? shift(p)(pick(m.disclosure)) : []));
  // The panels' rule and footnote: the whole's rule is the higher one its row totals were held to.
  const base = panels.find((m) => m.disclosure)?.disclosure ?? whole.disclosure;
  const disclosure: DisclosureReport | null =
    whole.disclosure === null || base === null
      ? null
      : {
          ...base,
          footnote: `${base.footnote} Row totals (every panel's offenders with the need) are hidden below ${whole.disclosure.rule.threshold}, so that none bounds a hidden count of a panel.`,
          suppressedRowTotals: whole.disclosure.suppressedRowTotals,
          totalSuppressed: whole.disclosure.totalSuppressed,
          primary: hidden((d) => d.primary),
          secondary: hidden((d) => d.secondary),
          suppressedColTotals: panels.flatMap((m, p) =>
            (m.disclosure?.suppressedColTotals ?? []).map((c) => p * width + c),
          ),
          release: [],
          ...givenAwayOf([whole, ...panels]),
        };
  const warnings = [...new Set([whole, ...panels].flatMap((m) => m.meta.warnings))];
  return {
    spec,
    rows: whole.rows,
    cols: {
      fields: [panel, COOCCURRENCE_FIELDS.with],
      keys: shown.flatMap(({ category }) => whole.cols.keys.map((key) => [category, ...key])),
    },
    counts: whole.rows.keys.map((_k, r) => panels.flatMap((m) => m.counts[r] ?? [])),
    rowTotals: whole.rowTotals,
    colTotals: panels.flatMap((m) => m.colTotals),
    total: whole.total,
    stats: null,
    suppressed: panels.flatMap((m, p) => shift(p)(m.suppressed)),
    disclosure,
    meta: { ...whole.meta, elapsedMs: performance.now() - started, warnings },
  };
}

/**
 * The earlier outputs any matrix of the panels found given away, each once per way: panels may
 * find the same hidden count, so the most counts one of them found, never their sum.
 */
function givenAwayOf(matrices: readonly QueryResult[]): Pick<DisclosureReport, 'givenAwayEarlier'> {
  const byOutput = new Map<string, GivenAwayEarlier>();
  for (const found of matrices.flatMap((m) => m.disclosure?.givenAwayEarlier ?? [])) {
    const id = JSON.stringify([found.output, found.through]);
    const seen = byOutput.get(id);
    if (!seen || seen.counts < found.counts) byOutput.set(id, found);
  }
  return byOutput.size > 0 ? { givenAwayEarlier: [...byOutput.values()] } : {};
}
