// Needs together, settled once all its pieces are chosen: the release linked each piece only
// with tables one field away, so its pairs were never read with each other. Here the pieces,
// with the release's earlier tables of the same filters over needs alone, go to the audit over
// persons per answer pattern (disclosure/needsPatternAudit.ts, in a worker); the pieces it hides
// are taken back in the export, and a piece whose small count the earlier outputs already give
// away, or whose printed count would narrow theirs, is refused (not published), each with the
// reason the analyst reads.
import type { Filter, QuerySpec } from '../../../shared/query.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import type { GivenAwayEarlier } from '../../../shared/query.ts';
import { auditNeedsPatternsOffThread } from '../../disclosure/needsAuditOffThread.ts';
import type { AuditedTable, LostEarlier, PatternAuditInput } from '../../disclosure/needsPatternAudit.ts';
import { keptCategories } from './filterCategories.ts';
import { NOTHING_SETTLED, type NeedField, type Settled } from './needsCooccurrence.ts';

/** What settling reads of the export's release session, and how it takes pieces back. */
export interface SettledSession {
  tablesSoFar(): { spec: QuerySpec; label: string; cells: PublishedTable['cells'] }[];
  resolvedCount(): number;
  withhold(index: number, reason: string, refuse: boolean): void;
}

export const READ_TOGETHER_REASON =
  'hidden because the counts of needs together, read with each other and the release, would give a small count away';

/**
 * A piece refused because, printed, it would narrow an earlier output's hidden small count. It
 * names no output: the reason reaches exported notes, and must not point at the count.
 */
export const WOULD_NARROW_REASON =
  'not published because, read with the outputs published earlier in this release, it would give a small count they hide away';

type Domains = Readonly<Record<string, readonly string[]>>;

/** The filters that are not on needs, as one comparable text: tables audited together share them. */
function othersOf(spec: QuerySpec, needs: ReadonlySet<string>): string {
  const others = spec.filters.filter((f) => !needs.has(f.field)).map((f) => JSON.stringify(f));
  return JSON.stringify([others.sort(), spec.window ?? null]);
}

/** The categories a filter on a need keeps; null for a range, which no answer pattern spells. */
function kept(filter: Filter, domain: readonly string[]): string[] | null {
  return filter.kind === 'in' || filter.kind === 'notIn' || filter.kind === 'equals'
    ? keptCategories(filter, domain)
    : null;
}

/** A table as the audit reads it, or null when it is not a persons count over needs alone under `others`. */
function audited(
  table: { spec: QuerySpec; label: string; cells: PublishedTable['cells'] },
  needs: ReadonlySet<string>,
  others: string,
  domains: Domains,
  piece: boolean,
): AuditedTable | null {
  const { spec } = table;
  if (spec.cohort !== 'offenders' || spec.measure !== 'persons' || spec.groups !== undefined) return null;
  if (![...spec.rows, ...spec.cols].every((f) => needs.has(f)) || othersOf(spec, needs) !== others) return null;
  const scope: Record<string, string[]> = {};
  for (const filter of spec.filters) {
    if (!needs.has(filter.field)) continue;
    const keep = kept(filter, domains[filter.field] ?? []);
    if (keep === null) return null;
    scope[filter.field] = scope[filter.field]?.filter((c) => keep.includes(c)) ?? keep;
  }
  return {
    label: table.label,
    scope,
    cells: table.cells.map((c) => ({ key: c.key, value: c.value, shown: c.shown })),
    piece,
  };
}

const ROUNDED_NOT_AUDITED =
  'The counts of this matrix were not checked together with each other and with the release’s earlier outputs over the same filters, as they are when nothing is rounded: the rule rounds, and rounded numbers are no exact sums. Each count was protected in the release as a table of its own.';

/** The earlier outputs whose hidden small counts are lost, each once per way, with how many. */
function givenAway(lost: readonly LostEarlier[]): GivenAwayEarlier[] {
  const byOutput = new Map<string, GivenAwayEarlier>();
  for (const { label, through } of lost) {
    const id = JSON.stringify([label, through]);
    const seen = byOutput.get(id);
    if (seen) seen.counts++;
    else byOutput.set(id, { output: label, counts: 1, through });
  }
  return [...byOutput.values()];
}

/**
 * Audits the matrix's pieces (the session's tables from `from` on, the persons first) and takes
 * back what must not be printed; per piece, in the order resolved, why it is hidden now, and
 * the earlier outputs whose hidden counts no hiding of the matrix protects any longer.
 */
export async function settleNeedsPieces(
  session: SettledSession,
  spec: QuerySpec,
  needs: readonly NeedField[],
  from: number,
  domains: Domains,
  work: { signal?: AbortSignal } = {},
): Promise<Settled> {
  const rule = spec.disclosure;
  if (rule === null) return NOTHING_SETTLED;
  // Rounded numbers are no exact sums of persons: the audit's equations would not hold. Said, not silent.
  if (rule.round !== null) return { ...NOTHING_SETTLED, notAudited: ROUNDED_NOT_AUDITED };
  const fields = new Set(needs.map((n) => n.field));
  const others = othersOf(spec, fields);
  const all = session.tablesSoFar();
  const firstPiece = all.length - session.resolvedCount() + from;
  const chosen: Array<{ at: number; table: AuditedTable }> = [];
  all.forEach((table, at) => {
    // The persons of the matrix are a piece too, but never hidden for a pair: it is the filter's total.
    const piece = at > firstPiece;
    const label = at === firstPiece ? 'the persons of this matrix' : table.label;
    const read = audited({ ...table, label }, fields, others, domains, piece);
    if (read) chosen.push({ at, table: read });
  });
  const input: PatternAuditInput = {
    needs: needs.map((n) => ({ field: n.field, categories: domains[n.field] ?? ['No', 'Yes'] })),
    tables: chosen.map((c) => c.table),
    threshold: rule.threshold,
    protection: rule.protection ?? rule.threshold,
  };
  const result = await auditNeedsPatternsOffThread(input, work);
  const reasons = new Map<number, { reason: string; refuse: boolean }>();
  for (const t of result.hidden) reasons.set(chosen[t]!.at, { reason: READ_TOGETHER_REASON, refuse: false });
  for (const { table, because } of result.refused) {
    const reason =
      because.length > 0
        ? `hidden because of ${because.join(', ')}`
        : 'hidden because of the outputs published earlier in this release, taken together';
    reasons.set(chosen[table]!.at, { reason, refuse: true });
  }
  for (const table of result.withheld) reasons.set(chosen[table]!.at, { reason: WOULD_NARROW_REASON, refuse: true });
  const resolvedFrom = all.length - session.resolvedCount();
  // From the last, so that a refused piece leaving the export moves none still to be taken back.
  for (const [at, { reason, refuse }] of [...reasons].sort((a, b) => b[0] - a[0]))
    session.withhold(at - resolvedFrom, reason, refuse);
  return {
    reasons: new Map([...reasons].map(([at, { reason }]) => [at - firstPiece, reason])),
    givenAwayEarlier: givenAway(result.lostEarlier),
  };
}
