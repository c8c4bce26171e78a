// Column mapping: which source header feeds which codebook column (or a direct identifier,
// or `age`), matched by name and the synonyms of real extracts, plus the analyst's value
// recoding rules. `autoMap` proposes; the analyst confirms or edits; `checkMapping` says
// what is wrong with an edited one before any row is read.
import { DIRECT_IDENTIFIERS, columnsFor, findColumn, type Codebook, type Cohort } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { normaliseKey } from './normalise.ts';
import { HEADER_SYNONYMS, SOURCE_PRIORITY } from './synonyms.ts';

export interface ColumnMapping {
  source: string;
  /** Codebook column, direct identifier, `age`; `null` leaves the column out. */
  target: string | null;
}

export interface Mapping {
  cohort: Cohort;
  columns: ColumnMapping[];
  /** Per target column: normalised source value (see `normaliseKey`) to codebook label. */
  recodes: Record<string, Record<string, string>>;
}

export const AGE_TARGET = 'age';
/**
 * A record's own reference (a crime or occurrence number): never stored, it only tells a record
 * repeated in the file (the same reference, the same values) from distinct records that look alike.
 */
export const RECORD_TARGET = 'record_ref';
/** Columns the importer derives itself; a source column mapped to them is read and ignored. */
export const DERIVED_TARGETS = ['month', 'financial_year'] as const;

export type TargetKind = 'column' | 'identifier' | 'record' | 'age' | 'derived';

export function targetKind(target: string): TargetKind {
  if ((DIRECT_IDENTIFIERS as readonly string[]).includes(target)) return 'identifier';
  if (target === RECORD_TARGET) return 'record';
  if (target === AGE_TARGET) return 'age';
  if ((DERIVED_TARGETS as readonly string[]).includes(target)) return 'derived';
  return 'column';
}

/** Every target a source column of this cohort may map to. */
export function mappingTargets(codebook: Codebook, cohort: Cohort): string[] {
  const columns = columnsFor(codebook, cohort)
    .filter((c) => c.kind !== 'person_key')
    .map((c) => c.name);
  return [...columns, AGE_TARGET, RECORD_TARGET, ...DIRECT_IDENTIFIERS];
}

/** A target may take several sources (coalesced in order) when it holds categories. */
export function isCoalescible(codebook: Codebook, target: string): boolean {
  const column = findColumn(codebook, target);
  return column !== undefined && (column.kind === 'category' || column.kind === 'ordinal' || column.kind === 'flag');
}

interface Candidate {
  target: string;
  score: number;
}

function buildIndex(codebook: Codebook, cohort: Cohort): Map<string, Candidate> {
  const allowed = new Set(mappingTargets(codebook, cohort));
  const index = new Map<string, Candidate>();
  const offer = (key: string, target: string, score: number): void => {
    const k = normaliseKey(key);
    const existing = index.get(k);
    if (k !== '' && (!existing || existing.score > score)) index.set(k, { target, score });
  };
  for (const target of allowed) {
    offer(target, target, 0);
    const column = findColumn(codebook, target);
    if (column) offer(column.label, target, 1);
    (HEADER_SYNONYMS[target] ?? []).forEach((synonym, i) => offer(synonym, target, 2 + i));
  }
  return index;
}

function priorityOf(target: string, source: string): number {
  const order = SOURCE_PRIORITY[target];
  if (!order) return 0;
  const i = order.map(normaliseKey).indexOf(normaliseKey(source));
  return i < 0 ? order.length : i;
}

/** The proposed mapping of a file's headers: every header matched by name or synonym. */
export function autoMap(headers: readonly string[], cohort: Cohort, codebook: Codebook): Mapping {
  const index = buildIndex(codebook, cohort);
  const matches = headers.map((source, position) => ({ source, position, candidate: index.get(normaliseKey(source)) }));
  const byTarget = new Map<string, typeof matches>();
  for (const m of matches) {
    if (!m.candidate) continue;
    const list = byTarget.get(m.candidate.target) ?? [];
    list.push(m);
    byTarget.set(m.candidate.target, list);
  }
  const chosen = new Map<string, string>();
  for (const [target, list] of byTarget) {
    if (isCoalescible(codebook, target)) {
      for (const m of list) chosen.set(m.source, target);
    } else {
      const best = [...list].sort(
        (a, b) => (a.candidate?.score ?? 0) - (b.candidate?.score ?? 0) || a.position - b.position,
      )[0];
      if (best) chosen.set(best.source, target);
    }
  }
  const columns = headers.map((source) => ({ source, target: chosen.get(source) ?? null }));
  return { cohort, columns: orderSources(codebook, columns), recodes: {} };
}

/**
 * Puts the sources of each coalesced target in priority order (self-defined ethnicity before
 * the officer's view), at the position of the first of them; other columns keep file order.
 */
export function orderSources(codebook: Codebook, columns: readonly ColumnMapping[]): ColumnMapping[] {
  const firstOfTarget = new Map<string, number>();
  columns.forEach((c, i) => {
    if (c.target !== null && !firstOfTarget.has(c.target)) firstOfTarget.set(c.target, i);
  });
  const keyed = columns.map((c, i) => {
    const grouped = c.target !== null && isCoalescible(codebook, c.target);
    return {
      c,
      group: grouped ? (firstOfTarget.get(c.target as string) as number) : i,
      priority: grouped ? priorityOf(c.target as string, c.source) : 0,
      i,
    };
  });
  keyed.sort((a, b) => a.group - b.group || a.priority - b.priority || a.i - b.i);
  return keyed.map((k) => k.c);
}

/** The headers the mapping leaves out. */
export function unmappedHeaders(mapping: Mapping): string[] {
  return mapping.columns.filter((c) => c.target === null).map((c) => c.source);
}

/** The sources of a target, in coalescing order. */
export function sourcesOf(mapping: Mapping, target: string): string[] {
  return mapping.columns.filter((c) => c.target === target).map((c) => c.source);
}

/** Problems that stop an import before it reads a row (BAD_REQUEST), each in plain words. */
export function checkMapping(mapping: Mapping, headers: readonly string[], codebook: Codebook): void {
  const allowed = new Set(mappingTargets(codebook, mapping.cohort));
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const { source, target } of mapping.columns) {
    if (!headers.includes(source)) problems.push(`the file has no column "${source}"`);
    if (target === null) continue;
    if (!allowed.has(target) && targetKind(target) !== 'derived') {
      problems.push(`"${source}" maps to "${target}", which is not a column of ${mapping.cohort}`);
    }
    seen.set(target, (seen.get(target) ?? 0) + 1);
  }
  for (const [target, count] of seen) {
    if (count > 1 && !isCoalescible(codebook, target)) {
      problems.push(`${count} columns map to "${target}"; choose one`);
    }
  }
  if (!seen.has('date'))
    problems.push('no column maps to "date" (the offence date, or the start of the episode), which every record needs');
  if (problems.length > 0) {
    throw new AppError('BAD_REQUEST', `The mapping cannot be used: ${problems.join('; ')}.`);
  }
}
