// Needs together, settled once all its pieces are chosen: the release linked each piece only
// with tables one field away, so its pairs were never read with each other. Here the pieces,
// with the release's earlier tables over needs alone (needsAuditScope.ts), go to the audit over
// persons per answer pattern (disclosure/needsPatternAudit.ts, in a worker); the pieces it hides
// are taken back in the export, and a piece whose small count the earlier outputs already give
// away, or whose printed count would narrow theirs, is refused (not published), each with the
// reason the analyst reads.
import type { GivenAwayEarlier, QuerySpec } from '../../../shared/query.ts';
import { auditNeedsPatternsOffThread } from '../../disclosure/needsAuditOffThread.ts';
import { FIELDS_DERIVED_FROM_NEEDS } from '../../disclosure/needsDerived.ts';
import { FIELDS_PAIRED_IN_RECORDS, type FieldFunction } from '../../disclosure/fieldFunctions.ts';
import type { LostEarlier, PatternAuditInput, PatternAuditResult } from '../../disclosure/needsPatternAudit.ts';
import { type Domains, type ReleaseTable, crossingCandidates, needsAuditScope } from './needsAuditScope.ts';
import { NOTHING_SETTLED, type NeedField, type Settled } from './needsCooccurrence.ts';

/** What settling reads of the export's release session, and how it takes pieces back. */
export interface SettledSession {
  tablesSoFar(): ReleaseTable[];
  resolvedCount(): number;
  withhold(index: number, reason: string, refuse: boolean): void;
  /** Runs the audit, or answers it from one already run on the same input; else it runs here. */
  auditNeeds?(input: PatternAuditInput, work: { signal?: AbortSignal }): Promise<PatternAuditResult>;
  /**
   * Of `fields`, those each offender has one category of in the data; undefined (or absent) where
   * it cannot tell: then each field is crossed as one category per person, the reading that is
   * always a restriction of the worlds an intruder allows (as sets, sex would not be).
   */
  personLevelFields?(fields: readonly string[]): Promise<ReadonlySet<string> | undefined>;
  /**
   * The (source, derived) category pairs the offenders' records hold (the district beside each
   * LSOA); null or undefined (or absent) where it cannot tell: then the derived field is crossed
   * as if independent of its source, as it was.
   */
  recordPairs?(source: string, derived: string): Promise<ReadonlyArray<readonly [string, string]> | null | undefined>;
  /**
   * Whether every offender record has a person key; undefined (or absent) where it cannot tell:
   * then the combination field's ranking, which counts a record without one as a person, is not read.
   */
  everyRecordKeyed?(): Promise<boolean | undefined>;
}

export const READ_TOGETHER_REASON =
  'hidden because the counts of needs together, read with each other and the release, would give a small count away';

/**
 * A piece refused because, printed, it would narrow an earlier output's hidden small count. It
 * names no output: the reason reaches exported notes, and must not point at the count.
 */
export const WOULD_NARROW_REASON =
  'not published because, read with the outputs published earlier in this release, it would give a small count they hide away';

/**
 * Every piece refused because the release's earlier numbers over these needs are no counts of
 * persons with one answer each (their program alone has no solution): nothing could be proven
 * safe, and no hiding of the matrix's pieces mends it.
 */
export const UNMODELLED_REASON =
  'not published because the outputs published earlier in this release do not add up as counts of persons with one answer each (a person’s records may give them two answers to a need), so it cannot be checked that the counts of needs together give no small count away';

export const UNCHECKED_REASON =
  'not published because the outputs published earlier in this release already narrow a small count they hide, and the check cannot show that the counts of needs together narrow it no further: a person’s records here lie in more categories than the check reads apart (months of several years, say), or their records leave it open whether one record meets two filters. Publish the counts of needs together in a new release (Audit screen, or vso release start)';

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
 * The fields among `candidates` computed from another of them by a lookup, as the records pair
 * them. A cancel heard while the records are read ends the settling here, before the audit.
 */
async function pairedFields(session: SettledSession, candidates: readonly string[], signal?: AbortSignal) {
  const out: Record<string, FieldFunction> = {};
  for (const [field, of] of Object.entries(FIELDS_PAIRED_IN_RECORDS)) {
    if (!candidates.includes(field) || !candidates.includes(of)) continue;
    const pairs = await session.recordPairs?.(of, field);
    signal?.throwIfAborted();
    if (pairs) out[field] = { of, pairs };
  }
  return out;
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
  const all = session.tablesSoFar();
  const firstPiece = all.length - session.resolvedCount() + from;
  // The persons of the matrix are a piece too, but never hidden for a pair: it is the filter's total.
  const named = all.map((t, at) => (at === firstPiece ? { ...t, label: 'the persons of this matrix' } : t));
  const needFields = needs.map((n) => n.field);
  const candidates = crossingCandidates(named, spec, needFields, domains);
  // A field computed from the needs follows a person's answers only where their records agree on
  // every need: the engine derives it per record, and counts a person in each category of theirs.
  // So does the ranking of the combinations, read where the field has a category list.
  const ranking = domains.needs_combination !== undefined;
  const derived = ranking || candidates.some((f) => FIELDS_DERIVED_FROM_NEEDS[f] !== undefined);
  const asked = derived ? [...candidates, ...needFields] : candidates;
  const personLevel = asked.length > 0 ? await session.personLevelFields?.(asked) : undefined;
  work.signal?.throwIfAborted();
  const alikeKnown = personLevel !== undefined && needFields.every((f) => personLevel.has(f));
  const keyed = ranking && alikeKnown ? await session.everyRecordKeyed?.() : undefined;
  work.signal?.throwIfAborted();
  const recordLevel = new Set(personLevel ? candidates.filter((f) => !personLevel.has(f)) : []);
  const needsAlike = personLevel === undefined || needFields.every((f) => personLevel.has(f));
  const paired = await pairedFields(session, candidates, work.signal);
  const piece = (at: number): boolean => at > firstPiece;
  const scope = needsAuditScope(named, spec, needs, domains, piece, recordLevel, needsAlike, paired, keyed === true);
  const chosen = scope.tables;
  const input: PatternAuditInput = {
    needs: scope.needs,
    tables: chosen.map((c) => c.table),
    threshold: rule.threshold,
    protection: rule.protection ?? rule.threshold,
    ...(scope.ranking ? { ranking: scope.ranking } : {}),
  };
  const result = await (session.auditNeeds?.(input, work) ?? auditNeedsPatternsOffThread(input, work));
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
  const unmodelledReason = result.unmodelledWhy === 'restricted' ? UNCHECKED_REASON : UNMODELLED_REASON;
  for (const table of result.unmodelled ?? [])
    reasons.set(chosen[table]!.at, { reason: unmodelledReason, refuse: true });
  const resolvedFrom = all.length - session.resolvedCount();
  // From the last, so that a refused piece leaving the export moves none still to be taken back.
  for (const [at, { reason, refuse }] of [...reasons].sort((a, b) => b[0] - a[0]))
    session.withhold(at - resolvedFrom, reason, refuse);
  return {
    reasons: new Map([...reasons].map(([at, { reason }]) => [at - firstPiece, reason])),
    givenAwayEarlier: givenAway(result.lostEarlier),
  };
}
