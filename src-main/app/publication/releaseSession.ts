// Exports protected across the open release: each table an export resolves is protected
// together with every output the release has published (the register) and with the tables the
// same export resolved before it; once the export is written, its tables are recorded.
//
// Which outputs link: the same dataset, records and persons alike (the persons of a cell are at
// most its records; one measure's outputs too large to link with the other's are named in the
// result's notes). Category filters (in,
// notIn, equals, a number range over an ordinal column) are sets of categories and link through
// the categories they differ by. Date and number ranges over date and number columns link only when identical:
// two outputs over different periods of the same data could be subtracted, and the model has no
// field of periods, so an output whose ranges differ from those the release already published
// is refused, with what to do instead. Merged categories are category sets per cell and link
// like filters.
import { journeyWindowOf } from '../../../shared/journeys.ts';
import { type Filter, FilterSchema, type QueryResult, type QuerySpec, filterKind } from '../../../shared/query.ts';
import type { Publication, PublicationKind, PublishedTable, UnlinkedNote } from '../../../shared/contract/release.ts';
import { AppError } from '../../../shared/errors.ts';
import { repeatWindowOf } from '../../engine/derived/windowedFields.ts';
import type { RawTable } from '../../disclosure/index.ts';
import {
  type EarlierTable,
  type LeafCell,
  type ReleaseInput,
  type ReleaseResult,
} from '../../disclosure/protectRelease.ts';
import { protectInReleaseOffThread } from '../../disclosure/releaseThread.ts';
import { auditNeedsPatternsOffThread } from '../../disclosure/needsAuditOffThread.ts';
import type { PatternAuditInput, PatternAuditResult } from '../../disclosure/needsPatternAudit.ts';
import { type Groups, MAX_LEAVES, type Scope } from '../../disclosure/tableModel.ts';
import { crowdedOutWhy, type LinkedFirstWhy, needsCrowdedOutWhy } from './crowdedOut.ts';
import { cyclicCore } from './fieldCycles.ts';
import { finestCells } from './finestCells.ts';
import { type Holder, gapAdvice } from './gapAdvice.ts';
import { currentRelease, openRelease, publicationsOf, recordPublication } from '../../store/publications.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { DatasetColumns } from '../../../shared/contract/engine.ts';
import type { EngineResult } from '../../engine/finalizeResult.ts';
import type { LeafCountsRequest } from '../../engine/analyses/leafCounts.ts';
import { NOTHING_SETTLED, cooccurrenceQuery, isCooccurrence, needsOf } from '../analysis/needsCooccurrence.ts';
import { needsPieceSpecs } from '../analysis/needsPieceSpecs.ts';
import { keptCategories } from '../analysis/filterCategories.ts';
import { settleNeedsPieces } from '../analysis/needsSettle.ts';
import { overNeeds } from '../analysis/needsAuditScope.ts';
import { needsByPanel } from '../analysis/needsSmallMultiples.ts';
import { needsPanelOf } from '../../../shared/needsPanels.ts';

/** What a release reads of the analysis (the AnalysisService), named here so that it may open releases too. */
export interface ReleaseAnalysis {
  query(spec: QuerySpec, work?: { signal?: AbortSignal }): Promise<QueryResult>;
  queryProtectedBy(
    spec: QuerySpec,
    protectRaw: (raw: RawTable, spec: QuerySpec) => Promise<ReleaseResult>,
    work?: { signal?: AbortSignal },
  ): Promise<QueryResult>;
  rawQuery(spec: QuerySpec, work?: { signal?: AbortSignal }): Promise<EngineResult>;
  /** True counts of many cells in one pass of the engine; null where it cannot (then one rawQuery per group). */
  leafCounts(request: LeafCountsRequest, work?: { signal?: AbortSignal }): Promise<number[] | null>;
  /** Counts these raw tables ahead in one pass, where the analysis can. */
  countAhead?(specs: readonly QuerySpec[], work?: { signal?: AbortSignal }): Promise<void>;
  datasetColumns(name: string): Promise<DatasetColumns>;
  /** Of `fields`, those every person of the cohort has one category of. */
  personLevelFields?(cohort: string, fields: readonly string[]): Promise<Set<string>>;
  /** Whether every record of the cohort has a person key. */
  everyRecordKeyed?(cohort: string): Promise<boolean>;
  /** The (source, derived) category pairs the cohort's persons' records hold; null where it holds neither field. */
  recordPairs?(
    cohort: string,
    source: string,
    derived: string,
  ): Promise<ReadonlyArray<readonly [string, string]> | null>;
  /** The needs audit, where the analysis keeps its results for the same input. */
  auditNeeds?(input: PatternAuditInput, work?: { signal?: AbortSignal }): Promise<PatternAuditResult>;
}

/** At most this many engine counts to find the finest cells of a release. */
const MAX_LEAF_QUERIES = 400;

interface Resolved {
  spec: QuerySpec;
  /** Replaced when the table is taken back (withhold). */
  result: ReleaseResult;
  /** What the table could not be protected together with, named for the analyst. */
  unlinked: UnlinkedNote[];
}

type Domains = Record<string, readonly string[]>;

function isRange(filter: Filter, domains: Domains): boolean {
  const kind = filterKind(filter);
  return kind === 'dateRange' || (kind === 'numberRange' && domains[filter.field] === undefined);
}

/** The ranges over date and number columns, as one comparable text. */
function rangeSignature(spec: QuerySpec, domains: Domains): string {
  const ranges = spec.filters.filter((f) => isRange(f, domains)).map((f) => JSON.stringify(f));
  // Journeys of two windows differ by the persons between them: the window is a range too.
  const window = spec.cohort === 'journeys' ? [`journey window ${journeyWindowOf(spec)} days`] : [];
  return JSON.stringify([...ranges.sort(), ...window]);
}

/** A spec's merged categories: per field, each group's label and the categories it merges. */
function groupsOf(spec: QuerySpec): Groups | undefined {
  const entries = Object.entries(spec.groups ?? {});
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([field, groups]) => [field, Object.fromEntries(groups.map((g) => [g.label, g.members]))]),
  );
}

/** A spec's category filters as category sets (filters on one field meet). */
export function scopeOf(spec: QuerySpec, domains: Domains): Scope {
  const scope: Record<string, string[]> = {};
  for (const filter of spec.filters) {
    if (isRange(filter, domains)) continue;
    const keep = keptCategories(filter, domains[filter.field] ?? []);
    const before = scope[filter.field];
    scope[filter.field] = before ? before.filter((c) => keep.includes(c)) : keep;
  }
  return scope;
}

/** A spec as the register keeps it, its filters tagged with their kind (outputs recorded before the tag have none). */
function tagged(spec: QuerySpec): QuerySpec {
  return { ...spec, filters: spec.filters.map((f) => FilterSchema.parse(f)) };
}

/** Fields a table's numbers depend on: its axes and its category filters. */
function footprint(spec: QuerySpec, domains: Domains): Set<string> {
  return new Set([...fieldsOf(spec), ...Object.keys(scopeOf(spec, domains))]);
}

/** A joint model over more fields, or more finest cells, than this is not built per export. */
const MAX_JOINT_FIELDS = 4;
const MAX_JOINT_CELLS = 5000;
/** Records and persons of the same cells link up to the finest cells a model may hold (tables with margins are checked by flows). */
const MAX_MIXED_CELLS = MAX_LEAVES;
/**
 * A table over fields the model spans already adds numbers, not fields: it links while the model
 * stays within the finest cells the model builder takes (beyond them it refused with a
 * BAD_REQUEST that says nothing to change). Not the joint cap: the sample's victims infographic
 * links its district panel, cut from the two districts a table filters on into all eight, over
 * about 17,000 finest cells, in seconds.
 */
const MAX_SPANNED_CELLS = MAX_LEAVES;

/**
 * The earlier tables protected together with a new one, newest first: those that differ from it
 * by at most one field (a filter, a category set, one more or one less dimension) or whose fields
 * one contains the other's, while the fields they span together stay within a model small enough
 * to solve per export. A table of the release over quite other fields (an infographic's panels)
 * is not linked in full: two such tables cannot be subtracted cell by cell, and the one number
 * they share, their margins over common fields and the total of their filters, link apart
 * (sharedParts).
 */
function nearest<T extends { spec: QuerySpec }>(
  spec: QuerySpec,
  newestFirst: readonly T[],
  domains: Domains,
  start = footprint(spec, domains),
  maxCells = MAX_JOINT_CELLS,
  tooLarge: T[] = [],
  inModel: readonly QuerySpec[] = [spec],
): T[] {
  const own = footprint(spec, domains);
  const union = new Set(start);
  const chosen: T[] = [];
  for (const table of newestFirst) {
    const theirs = footprint(table.spec, domains);
    const onlyOurs = [...own].filter((f) => !theirs.has(f)).length;
    const onlyTheirs = [...theirs].filter((f) => !own.has(f)).length;
    if (onlyOurs + onlyTheirs > 1 && onlyOurs > 0 && onlyTheirs > 0) continue;
    const wider = new Set([...union, ...theirs]);
    // Within the fields spanned already (tables linked first for a gap may pass the field cap)
    // it may still cut a field the model only filters on into all its categories: counted as cut.
    const within = wider.size === union.size;
    const fits = within
      ? fitsModel([...inModel, ...chosen.map((t) => t.spec)], table.spec, MAX_SPANNED_CELLS, domains)
      : wider.size <= MAX_JOINT_FIELDS && cellCount(wider, domains) <= maxCells;
    if (!fits) {
      tooLarge.push(table);
      continue;
    }
    for (const f of theirs) union.add(f);
    chosen.push(table);
  }
  return chosen;
}

/** An earlier table as linked: in full, or in part (`of`: the whole table's spec, `spec` the part's). */
type LinkedPart<T> = T & { part: boolean; of?: QuerySpec };

/**
 * What the model holds of earlier tables not linked in full: per set of a table's fields, the
 * cells over exactly those fields (a one-field margin: its row or column totals), each part with
 * the table's grand total, a table of its own that the earlier table implies. A table's total is
 * the count of its filters, the same number as the total of every other table of those filters;
 * its margin of a field is the one-field table of that field. A part links when its fields and
 * filters are among those the model spans (it adds only numbers), or when it is a one-field
 * margin or a total whose fields keep the model within the joint cap: a hidden total is bounded
 * by the margins beside it (the cells it hid with), and linked without them the attacker's
 * model would not know how little room they left it. Parts link however many tables of the
 * release share them: a margin or total one table hid and another printed gives back what the
 * first hid. `linked` (the specs the model holds) grows with the parts. A table of the new
 * table's measure whose fields the model spans once parts linked (three two-way tables forming a
 * cycle) links in full: its inner cells bound the model's finest cells as much as its margins.
 */
function sharedParts<T extends { spec: QuerySpec; cells: PublishedTable['cells'] }>(
  unlinked: readonly T[],
  spanned: ReadonlySet<string>,
  linked: QuerySpec[],
  domains: Domains,
): LinkedPart<T>[] {
  const union = new Set(spanned);
  const measure = linked[0]?.measure;
  const coveredBy = (table: T, fields: ReadonlySet<string>) => {
    const own = footprint(table.spec, domains);
    return own.size > 0 && [...own].every((f) => fields.has(f));
  };
  // A table or part over fields spanned already may still cut a field the model only filters
  // on (one LSOA) into all its categories: it links only while the model's finest cells stay
  // within MAX_SPANNED_CELLS.
  const sized = (spec: QuerySpec) => fitsModel(linked, spec, MAX_SPANNED_CELLS, domains);
  // Linked in full once the model spans its fields (a table of the other measure: only as
  // spanned from the start) within MAX_SPANNED_CELLS; else by its parts, and gapIn then sees what they
  // leave out (uncovered, closedCycle).
  const whole = (table: T) => coveredBy(table, table.spec.measure === measure ? union : spanned) && sized(table.spec);
  // A filter every table of the model shares and none shows is left out of the model
  // (withoutSharedFilters): it does not count against the cap.
  const fits = (fields: readonly string[], spec: QuerySpec) => {
    const shared = sharedFilters([...linked, spec], domains);
    const wider = new Set([...union, ...fields].filter((f) => !shared.has(f)));
    return wider.size <= MAX_JOINT_FIELDS && cellCount(wider, domains) <= MAX_JOINT_CELLS;
  };
  return unlinked.flatMap((table): LinkedPart<T>[] => {
    const totals = table.cells.filter((c) => Object.keys(c.key).length === 0);
    const filtered = Object.keys(scopeOf(table.spec, domains));
    if (totals.length === 0) return [];
    // Every field spanned already: the whole table links, its hidden cells as any table's. Held
    // by the model from now on: later size checks count it.
    if (whole(table)) {
      linked.push(table.spec);
      return [{ ...table, part: false }];
    }
    const margins = new Map<string, { fields: string[]; cells: PublishedTable['cells'] }>();
    for (const cell of table.cells) {
      const fields = Object.keys(cell.key).sort();
      if (fields.length === 0) continue;
      const id = JSON.stringify(fields);
      const margin = margins.get(id) ?? { fields, cells: [] };
      margin.cells.push(cell);
      margins.set(id, margin);
    }
    const { groups: merged, ...rest } = table.spec;
    const specOf = (fields: string[]): QuerySpec => {
      // A merged category of a field the part keeps still covers its members.
      const groups = Object.fromEntries(Object.entries(merged ?? {}).filter(([f]) => fields.includes(f)));
      return { ...rest, rows: fields, cols: [], ...(Object.keys(groups).length > 0 ? { groups } : {}) };
    };
    const parts: LinkedPart<T>[] = [];
    for (const margin of [...margins.values(), { fields: [], cells: [] }]) {
      const needed = [...margin.fields, ...filtered];
      const spec = specOf(margin.fields);
      const within = needed.every((f) => spanned.has(f));
      if (within ? !sized(spec) : margin.fields.length > 1 || !fits(needed, spec)) continue;
      for (const f of needed) union.add(f);
      linked.push(spec);
      // The total comes with each margin; alone only when no margin links.
      if (margin.fields.length > 0 || parts.length === 0)
        parts.push({ ...table, spec, cells: [...margin.cells, ...totals], part: true, of: table.spec });
    }
    // Its margins brought every field of it into the model: its printed inner cells (zeros
    // above all) bound the finest cells the model now holds, and the attacker reads them too;
    // linked by its margins alone, the model would leave room the attacker has not. Not a
    // table of the other measure: linked in full, it may make the joint model too large to check.
    if (whole(table)) {
      linked.push(table.spec);
      return [{ ...table, part: false }];
    }
    return parts;
  });
}

/** The fields every spec filters to the same categories and none shows or merges. */
function sharedFilters(specs: readonly QuerySpec[], domains: Domains): Set<string> {
  const scopes = specs.map((spec) => scopeOf(spec, domains));
  const sameSet = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
    a !== undefined && b !== undefined && [...a].sort().join('\n') === [...b].sort().join('\n');
  const used = new Set(specs.flatMap((spec) => [...fieldsOf(spec), ...Object.keys(spec.groups ?? {})]));
  return new Set(
    Object.keys(scopes[0] ?? {}).filter(
      (f) => !used.has(f) && scopes.every((scope) => sameSet(scope[f], scopes[0]![f])),
    ),
  );
}

/** The finest cells of one model over these tables, each field cut as the tables cut it. */
function modelCells(specs: readonly QuerySpec[], domains: Domains): number {
  return finestCells(
    specs.map((s) => ({ fields: fieldsOf(s), scope: scopeOf(s, domains) })),
    domains,
  );
}

/**
 * Whether the model over `specs` stays within `cap` finest cells with `added`, or gains none
 * (a new table past the cap by itself still links the tables it contains).
 */
function fitsModel(specs: readonly QuerySpec[], added: QuerySpec, cap: number, domains: Domains): boolean {
  if (cutsNothingNew(specs, added, domains)) return true;
  const after = modelCells([...specs, added], domains);
  return after <= cap || after <= modelCells(specs, domains);
}

/** Each spec's scope, read once per domains: a release's size checks ask for the same specs many times. */
const scopeMemo = new WeakMap<Domains, WeakMap<QuerySpec, Scope>>();

function memoScope(spec: QuerySpec, domains: Domains): Scope {
  let byDomains = scopeMemo.get(domains);
  if (!byDomains) scopeMemo.set(domains, (byDomains = new WeakMap()));
  let scope = byDomains.get(spec);
  if (!scope) byDomains.set(spec, (scope = scopeOf(spec, domains)));
  return scope;
}

/**
 * Whether `added` shows only fields the specs show and filters each other field as one of them
 * does: then it cuts no finest cell the model does not (a needs matrix's squares, each over
 * needs an earlier square filtered alike), found without counting the model's cells.
 */
function cutsNothingNew(specs: readonly QuerySpec[], added: QuerySpec, domains: Domains): boolean {
  const shown = new Set(specs.flatMap(fieldsOf));
  if (!fieldsOf(added).every((f) => shown.has(f))) return false;
  const alike = (a: readonly string[], b: readonly string[] | undefined) =>
    b !== undefined && a.length === b.length && a.every((c) => b.includes(c));
  const scopes = specs.map((s) => memoScope(s, domains));
  return Object.entries(memoScope(added, domains)).every(
    ([field, kept]) => shown.has(field) || scopes.some((scope) => alike(kept, scope[field])),
  );
}

function cellCount(fields: ReadonlySet<string>, domains: Domains): number {
  return [...fields].reduce((n, f) => n * Math.max(1, domains[f]?.length ?? 1), 1);
}

/**
 * The earlier tables of the other measure (persons for records, records for persons) linked
 * with `spec`, given the same-measure ones chosen: a joint model of both needs every finest
 * cell counted both ways, so they link while the fields they span together have at most
 * MAX_MIXED_CELLS cells. Those beyond it are returned apart, for the result to say so.
 */
function nearestOtherMeasure<T extends { spec: QuerySpec }>(
  spec: QuerySpec,
  same: readonly T[],
  newestFirst: readonly T[],
  domains: Domains,
): { linked: T[]; tooLarge: T[] } {
  const union = new Set([...footprint(spec, domains), ...same.flatMap((t) => [...footprint(t.spec, domains)])]);
  const tooLarge: T[] = [];
  const inModel = [spec, ...same.map((t) => t.spec)];
  const linked = nearest(spec, newestFirst, domains, union, MAX_MIXED_CELLS, tooLarge, inModel);
  return { linked, tooLarge };
}

/**
 * The earlier tables of the release (newest first, of the spec's dataset) as a new table is
 * protected with them: those linked in full, the parts of the others that link, and those of the
 * other measure too large to link, with why.
 *
 * The model is built around the new table, nearest tables first (linkAround). Where that leaves
 * a gap an intruder can use (gapIn: a neighbour with no part linked, a table whose linked
 * margins leave out what it says of the model's fields, tables linked by margins closing a cycle
 * of fields), the tables of the gap are linked in full ahead of the others and the model built
 * again, as long as all the tables so brought in fit one model (finestCells); only a gap whose
 * tables do not fit it is refused: by themselves, or with the tables brought in for earlier gaps.
 */
export function linkEarlier<T extends { spec: QuerySpec; label: string; cells: PublishedTable['cells'] }>(
  spec: QuerySpec,
  newestFirst: readonly T[],
  domains: Domains,
  readElsewhere: (earlier: QuerySpec) => boolean = () => false,
  overNeedsAlone: (table: QuerySpec) => boolean = () => false,
): { earlier: EarlierTable[]; unlinked: NonNullable<ReleaseInput['unlinked']> } {
  const cells = (tables: readonly T[]) => modelCells([spec, ...tables.map((t) => t.spec)], domains);
  // Linked first: the tables of cycles and of uncovered margins (firm: else refused), then
  // neighbours that no part linked (crowded out: left open where they do not fit, as before).
  let firm: T[] = [];
  let crowded: T[] = [];
  // Each table left open, with the tables it did not fit beside: named to the analyst.
  const leftOpen = new Map<T, ReadonlyArray<{ table: T; why: LinkedFirstWhy }>>();
  const firstBeside = (gaps: readonly T[], neighbours: readonly T[]) => [
    ...gaps.map((table) => ({ table, why: 'gap' as const })),
    ...neighbours.map((table) => ({ table, why: 'neighbour' as const })),
  ];
  for (;;) {
    const link = linkAround(spec, newestFirst, domains, [...firm, ...crowded]);
    const gap = gapIn(spec, link, newestFirst, domains, readElsewhere, overNeedsAlone, (t) => leftOpen.has(t));
    if (gap === null) {
      const { earlier, unlinked } = described(spec, link, domains);
      const needsLeftOpen = needsCrowdedOut(spec, link, newestFirst, domains, readElsewhere, overNeedsAlone, (t) =>
        leftOpen.has(t),
      );
      return {
        earlier,
        unlinked: [
          ...unlinked,
          ...crowdedOutNotes(spec, link, leftOpen, cells),
          ...needsCrowdedNotes(spec, link, needsLeftOpen, domains),
        ],
      };
    }
    const alone = gap.kind === 'cycle' ? Math.min(...gap.tables.map((t) => cells([t]))) : cells(gap.tables);
    if (alone > MAX_JOINT_CELLS)
      throw gap.refusal(
        `with this table ${gap.kind === 'cycle' ? 'even the least of them spans' : 'they span'} ${counted(alone)} finest cells, more than a release checks together (${counted(MAX_JOINT_CELLS)})`,
      );
    if (gap.kind === 'neighbour') {
      const wanted = [...firm, ...crowded, ...gap.tables];
      if (cells(wanted) <= MAX_JOINT_CELLS) crowded = [...crowded, ...gap.tables];
      // A neighbour that fits with this table but not beside the tables linked first for other
      // gaps stays unlinked, as it was before those were linked, and is named.
      else for (const t of gap.tables) leftOpen.set(t, firstBeside(firm, crowded));
      continue;
    }
    // A cycle is broken by any one of its tables linked in full: the one that grows the model least
    // first, the cycle found again around it, so that a long cycle needs no model of all its fields.
    const least =
      gap.kind === 'cycle'
        ? gap.tables.map((t) => ({ t, size: cells([...firm, t]) })).reduce((a, b) => (b.size < a.size ? b : a)).t
        : null;
    const wanted = [...new Set([...firm, ...(least !== null ? [least] : gap.tables)])];
    const together = cells(wanted);
    if (together > MAX_JOINT_CELLS) {
      const others = firm.filter((t) => !gap.tables.includes(t)).map((t) => t.label);
      throw gap.refusal(
        `with the other outputs this table must be checked with (${[...new Set(others)].join('; ')}) they span ${counted(together)} finest cells, more than a release checks together (${counted(MAX_JOINT_CELLS)})`,
      );
    }
    firm = wanted;
    // Neighbours linked first that no longer fit beside them are left open.
    const kept: T[] = [];
    for (const t of crowded) {
      if (cells([...firm, ...kept, t]) <= MAX_JOINT_CELLS) kept.push(t);
      else leftOpen.set(t, firstBeside(firm, kept));
    }
    crowded = kept;
  }
}

/** The tables left open that the final model holds nothing of, each named with those it did not fit beside. */
function crowdedOutNotes<T extends { spec: QuerySpec; label: string }>(
  spec: QuerySpec,
  link: Linking<T>,
  leftOpen: ReadonlyMap<T, ReadonlyArray<{ table: T; why: LinkedFirstWhy }>>,
  cells: (tables: readonly T[]) => number,
): NonNullable<ReleaseInput['unlinked']> {
  const held = (t: T) =>
    link.same.includes(t) ||
    link.otherLinked.includes(t) ||
    link.parts.some((p) => p.spec === t.spec || p.of === t.spec);
  return [...leftOpen]
    .filter(([t]) => !held(t))
    .map(([t, beside]) => ({
      label: t.label,
      why: crowdedOutWhy(t, beside, spec, cells([...beside.map((b) => b.table), t]), MAX_JOINT_CELLS),
    }));
}

/**
 * The tables over needs alone that gapIn lets stay open beside the new table over needs alone
 * (needsCrowding), in the final model, in one pass: gapIn found no gap with that allowance, so
 * with it taken away the gaps are exactly the neighbours it let stay open (every other neighbour
 * would have been a gap already) and the sharers it kept out of its candidates. Those the needs
 * audit reads with the new table (readElsewhere) are no gap, and never found. Asked one gap at a
 * time, the search was quadratic in the release's tables per table found.
 */
function needsCrowdedOut<T extends { spec: QuerySpec; label: string }>(
  spec: QuerySpec,
  link: Linking<T>,
  newestFirst: readonly T[],
  domains: Domains,
  readElsewhere: (earlier: QuerySpec) => boolean,
  overNeedsAlone: (table: QuerySpec) => boolean,
  leftOpen: (table: T) => boolean,
): T[] {
  if (!overNeedsAlone(spec)) return [];
  const inParts = partSpecs(link);
  const model = new Set(link.modelled.flatMap((s) => [...footprint(s, domains)]));
  const neighbours = link.tooLarge.filter(
    (t) => overNeedsAlone(t.spec) && !readElsewhere(t.spec) && !leftOpen(t) && !inParts.has(t.spec),
  );
  const sharers = sharerCandidates(spec, link, newestFirst, readElsewhere, leftOpen).filter(
    (t) => overNeedsAlone(t.spec) && sharedWithModel(spec, t.spec, model, domains).length > 0,
  );
  return [...neighbours, ...sharers];
}

/** One note per earlier output of the tables over needs alone left open, naming the tables that took their room. */
function needsCrowdedNotes<T extends { spec: QuerySpec; label: string }>(
  spec: QuerySpec,
  link: Linking<T>,
  open: readonly T[],
  domains: Domains,
): NonNullable<ReleaseInput['unlinked']> {
  const byLabel = new Map<string, T[]>();
  for (const t of open) byLabel.set(t.label, [...(byLabel.get(t.label) ?? []), t]);
  // The model as built: the tables in full and the parts that took the room.
  const beside = [spec, ...link.modelled];
  return [...byLabel].map(([label, tables]) => {
    // How far past one check the least of its tables goes beside the model; none where it does not.
    const least = tables
      .map((t) => new Set([...beside, t.spec].flatMap((s) => [...footprint(s, domains)])))
      .reduce((a, b) =>
        b.size < a.size || (b.size === a.size && cellCount(b, domains) < cellCount(a, domains)) ? b : a,
      );
    const reach =
      least.size > MAX_JOINT_FIELDS
        ? `${least.size} fields (${[...least].join(', ')}), more than one check takes (${MAX_JOINT_FIELDS})`
        : cellCount(least, domains) > MAX_JOINT_CELLS
          ? `${cellCount(least, domains)} combinations of categories, more than one check takes (${MAX_JOINT_CELLS})`
          : null;
    const others = link.same.filter((t) => t.label !== label);
    return { label, why: needsCrowdedOutWhy(tables, others, spec, reach) };
  });
}

/** The earlier tables as linked around a new table: in full (`same`, `otherLinked`), in part, or not. */
interface Linking<T> {
  same: T[];
  /** Neighbours of the new table's measure left out of `same` for room. */
  tooLarge: T[];
  otherLinked: T[];
  otherTooLarge: T[];
  /**
   * Tables of the other measure the model holds none of (every part past a cap), or only parts
   * of though it spans their fields (linked whole, past the builder's limit): their inner cells
   * are checked by no model, so they are named. `cells`: the model's finest cells with them whole.
   */
  otherLeftOut: { table: T; partly: boolean; cells: number }[];
  parts: LinkedPart<T>[];
  /** The specs the model holds (a part's: its margin). */
  modelled: QuerySpec[];
}

/** The model around `spec`: the tables `first` in full, then the nearest, then the others' parts. */
function linkAround<T extends { spec: QuerySpec; label: string; cells: PublishedTable['cells'] }>(
  spec: QuerySpec,
  newestFirst: readonly T[],
  domains: Domains,
  first: readonly T[],
): Linking<T> {
  const ours = (t: T) => t.spec.measure === spec.measure;
  const footprints = (tables: readonly { spec: QuerySpec }[]) => tables.flatMap((t) => [...footprint(t.spec, domains)]);
  const sameMeasure = newestFirst.filter(ours);
  const tooLarge: T[] = [];
  const start = new Set([...footprint(spec, domains), ...footprints(first.filter(ours))]);
  const rest = sameMeasure.filter((t) => !first.includes(t));
  const inModel = [spec, ...first.map((t) => t.spec)];
  const same = [...first.filter(ours), ...nearest(spec, rest, domains, start, MAX_JOINT_CELLS, tooLarge, inModel)];
  const others = newestFirst.filter((t) => !ours(t));
  const firstOthers = first.filter((t) => !ours(t));
  const nearOthers = nearestOtherMeasure(
    spec,
    [...same, ...firstOthers],
    others.filter((t) => !first.includes(t)),
    domains,
  );
  const otherLinked = [...firstOthers, ...nearOthers.linked];
  const inFull = [spec, ...same.map((t) => t.spec), ...otherLinked.map((t) => t.spec)];
  const spanned = new Set(inFull.flatMap((s) => [...footprint(s, domains)]));
  // Records and persons of the same filters link too (persons at most records): the other
  // measure's parts join as its tables do, those named too large to link apart.
  const modelled = [...inFull];
  const parts = sharedParts(
    [
      ...sameMeasure.filter((t) => !same.includes(t)),
      ...others.filter((t) => !otherLinked.includes(t) && !nearOthers.tooLarge.includes(t)),
    ],
    spanned,
    modelled,
    domains,
  );
  const otherLeftOut = others
    .filter((t) => !otherLinked.includes(t) && !nearOthers.tooLarge.includes(t))
    .flatMap((table) => {
      const held = parts.filter((p) => p.spec === table.spec || p.of === table.spec);
      if (held.some((p) => !p.part)) return [];
      const partly = held.length > 0;
      if (partly && ![...footprint(table.spec, domains)].every((f) => spanned.has(f))) return [];
      return [{ table, partly, cells: modelCells([...modelled, table.spec], domains) }];
    });
  return { same, tooLarge, otherLinked, otherTooLarge: nearOthers.tooLarge, otherLeftOut, parts, modelled };
}

/** The earlier tables as the release model takes them, and what could not be linked. */
function described<T extends { spec: QuerySpec; label: string; cells: PublishedTable['cells'] }>(
  spec: QuerySpec,
  link: Linking<T>,
  domains: Domains,
): { earlier: EarlierTable[]; unlinked: NonNullable<ReleaseInput['unlinked']> } {
  const remedy =
    'publish a coarser table (fewer categories, or one field less), or check it by hand with vso disclosure check before publishing';
  const unlinked = [
    ...link.otherTooLarge.map((t) => ({
      label: t.label,
      why: `with this table it spans more than ${counted(MAX_MIXED_CELLS)} combinations of ${[...new Set([...footprint(spec, domains), ...footprint(t.spec, domains)])].join(', ')}, too many to check together; ${remedy}`,
    })),
    ...link.otherLeftOut.map(({ table, partly, cells }) => {
      const parts = link.parts;
      const whole =
        cells > MAX_SPANNED_CELLS
          ? `linked in full, it would take the model with this table to ${counted(cells)} finest cells, more than the ${counted(MAX_SPANNED_CELLS)} the model builder takes`
          : `its parts would take the model with this table past the ${counted(MAX_JOINT_CELLS)} finest cells a release checks together`;
      const margins = [...new Set(parts.flatMap((p) => (p.of === table.spec ? fieldsOf(p.spec) : [])))];
      const held = !partly
        ? 'none of its numbers are checked with this table'
        : `only its ${margins.length > 0 ? `margin${margins.length > 1 ? 's' : ''} of ${margins.join(', ')} and its total are` : 'total is'} checked with this table, not its inner cells`;
      return { label: table.label, why: `${whole}, so ${held}; ${remedy}` };
    }),
  ];
  const earlier = [...link.same, ...link.parts, ...link.otherLinked].map((t) => ({
    label: t.label,
    ...('part' in t && t.part ? { part: true } : {}),
    fields: fieldsOf(t.spec),
    scope: scopeOf(t.spec, domains),
    ...(groupsOf(t.spec) ? { groups: groupsOf(t.spec)! } : {}),
    measure: t.spec.measure,
    cells: t.cells.map((c) => ({ key: c.key, value: c.value, hidden: c.shown === null })),
  }));
  return { earlier, unlinked };
}

/** A gap in a model's reach: the earlier tables that close it, and the refusal should they not fit. */
interface Gap<T> {
  kind: 'neighbour' | 'uncovered' | 'cycle';
  tables: T[];
  refusal(reach: string): AppError;
}

/** A gap whose refusal says `why` (given how far beyond the cap the tables reach). */
function gapRefusing<T>(kind: Gap<T>['kind'], tables: T[], why: (reach: string) => string): Gap<T> {
  return { kind, tables, refusal: (reach) => new AppError('DISCLOSURE_REQUIRED', why(reach)) };
}

/** The advice of a gap's refusal over `fields`, naming `tables` (the gap's) first as holders of fields not of this table. */
type Advise<T> = (fields: Iterable<string>, tables: readonly T[], alike?: string) => string;

/** The first gap an intruder could use in the model as linked, or null. */
function gapIn<T extends { spec: QuerySpec; label: string }>(
  spec: QuerySpec,
  link: Linking<T>,
  newestFirst: readonly T[],
  domains: Domains,
  readElsewhere: (earlier: QuerySpec) => boolean,
  overNeedsAlone: (table: QuerySpec) => boolean,
  leftOpen: (table: T) => boolean,
): Gap<T> | null {
  // An earlier table another audit reads whole with this one (a needs matrix's squares and the
  // persons tables over needs: the needs audit) is no gap in this model's reach.
  const tableOf = (earlier: QuerySpec) => newestFirst.find((t) => t.spec === earlier)!;
  const model = new Set(link.modelled.flatMap((s) => [...footprint(s, domains)]));
  // The outputs named as holding a gap's fields not of this table: the gap's own, then the model's.
  const inModel = [
    ...link.same,
    ...link.otherLinked,
    ...link.parts.map((p) => ({ label: p.label, spec: p.of ?? p.spec })),
  ];
  const holderOf = (t: { label: string; spec: QuerySpec }): Holder => ({
    label: t.label,
    fields: footprint(t.spec, domains),
  });
  const filtersOnly = new Set(Object.keys(scopeOf(spec, domains)).filter((f) => !fieldsOf(spec).includes(f)));
  // A field of this table another linked output holds stays in the model if dropped here: not
  // advised, but for a cycle (any one field dropped breaks it).
  const adviseFor =
    (cycle: boolean): Advise<T> =>
    (fields, gapTables, alike) => {
      const gapSpecs = new Set(gapTables.map((t) => t.spec));
      const elsewhere = cycle ? [] : inModel.filter((t) => !gapSpecs.has(t.spec)).map(holderOf);
      return gapAdvice(footprint(spec, domains), fields, [...gapTables, ...inModel].map(holderOf), {
        ...(alike !== undefined ? { alike } : {}),
        elsewhere,
        filtersOnly,
      });
    };
  const advise = adviseFor(false);
  // Two tables over needs alone crowded out by a matrix's squares stay unlinked, named (needsCrowdedOut).
  const needsCrowding = (table: QuerySpec) => overNeedsAlone(spec) && overNeedsAlone(table);
  return (
    unlinkedNeighbour(
      spec,
      link.tooLarge.filter((t) => !readElsewhere(t.spec) && !leftOpen(t)),
      link.parts,
      domains,
      needsCrowding,
      advise,
    ) ??
    uncovered(
      spec,
      model,
      link.parts.filter((p) => !readElsewhere(p.of ?? p.spec)),
      domains,
      tableOf,
      advise,
    ) ??
    unlinkedSharer(
      spec,
      model,
      sharerCandidates(spec, link, newestFirst, readElsewhere, leftOpen).filter((t) => !needsCrowding(t.spec)),
      domains,
      advise,
    ) ??
    closedCycle(spec, model, link.parts, domains, readElsewhere, tableOf, adviseFor(true))
  );
}

/** The earlier tables linked by a part, or whose parts are. */
function partSpecs<T extends { spec: QuerySpec }>(link: Linking<T>): Set<QuerySpec> {
  return new Set(link.parts.flatMap((p) => (p.of !== undefined ? [p.spec, p.of] : [p.spec])));
}

/**
 * The earlier tables of the new table's measure that the model holds nothing of (not the same
 * cells, not too large to link, no part) and that no other audit reads or a note names: where a
 * table sharing fields with the model is a gap (unlinkedSharer), or crowded out (needsCrowdedOut).
 */
function sharerCandidates<T extends { spec: QuerySpec }>(
  spec: QuerySpec,
  link: Linking<T>,
  newestFirst: readonly T[],
  readElsewhere: (earlier: QuerySpec) => boolean,
  leftOpen: (table: T) => boolean,
): T[] {
  const same = new Set(link.same);
  const tooLarge = new Set(link.tooLarge);
  const inParts = partSpecs(link);
  return newestFirst.filter(
    (t) =>
      t.spec.measure === spec.measure &&
      !same.has(t) &&
      !tooLarge.has(t) &&
      !inParts.has(t.spec) &&
      !readElsewhere(t.spec) &&
      !leftOpen(t),
  );
}

/** The fields of `table` the model holds, but for filters both tables keep alike and neither shows. */
function sharedWithModel(spec: QuerySpec, table: QuerySpec, model: ReadonlySet<string>, domains: Domains): string[] {
  // A filter both keep to the same categories and neither shows (an infographic's panels, each
  // of the latest year) splits nothing between them: only their totals meet there.
  const alike = sharedFilters([spec, table], domains);
  return [...footprint(table, domains)].filter((f) => model.has(f) && !alike.has(f));
}

/**
 * An earlier table of the new table's measure that shares fields with the model and links by
 * no part at all (not even its total: each part would take the model past its cap). The model
 * then holds nothing of it, while an intruder subtracts its margins from the new table's (all
 * victims by sex less those of one year are the other years'). Linked in full where it fits,
 * else the new table is refused. A known gap: one that shares only a filter kept alike by both
 * meets the new table only in its total, which stays unlinked.
 */
function unlinkedSharer<T extends { label: string; spec: QuerySpec }>(
  spec: QuerySpec,
  model: ReadonlySet<string>,
  candidates: readonly T[],
  domains: Domains,
  advise: Advise<T>,
): Gap<T> | null {
  const own = footprint(spec, domains);
  for (const table of candidates) {
    const shared = sharedWithModel(spec, table.spec, model, domains);
    if (shared.length === 0) continue;
    // A field of the model not of this table comes from a table linked with it.
    const via = shared.some((f) => !own.has(f)) ? ' and the outputs linked with it' : '';
    return gapRefusing(
      'neighbour',
      [table],
      (reach) =>
        `Not protected together with ${table.label}: it shares ${shared.join(', ')} with this table${via}, so their margins read together can narrow small counts that each leaves open, and ${reach}. ${advise(shared, [table])}`,
    );
  }
  return null;
}

/**
 * An earlier table of the new table's measure that differs from it by at most one field (a
 * filter, a category set, a dimension: one `nearest` links), left out of the model and with no
 * part of it linked: the two subtracted cell by cell give back the counts they differ by (all
 * victims less the men are the women), and a model without it would not see them.
 */
function unlinkedNeighbour<T extends { label: string; spec: QuerySpec }>(
  spec: QuerySpec,
  tooLarge: readonly T[],
  parts: readonly { spec: QuerySpec; of?: QuerySpec }[],
  domains: Domains,
  crowdingLeftOpen: (table: QuerySpec) => boolean,
  advise: Advise<T>,
): Gap<T> | null {
  const own = footprint(spec, domains);
  for (const table of tooLarge) {
    if (parts.some((p) => p.spec === table.spec || p.of === table.spec)) continue;
    const theirs = footprint(table.spec, domains);
    const both = new Set([...own, ...theirs]);
    const crowded = both.size <= MAX_JOINT_FIELDS && cellCount(both, domains) <= MAX_JOINT_CELLS;
    if (crowded && crowdingLeftOpen(table.spec)) continue;
    const differing = [...both].filter((f) => !own.has(f) || !theirs.has(f));
    const by = differing.length > 0 ? differing.join(', ') : 'their categories';
    return gapRefusing(
      'neighbour',
      [table],
      (reach) =>
        `Not protected together with ${table.label}: the two differ only by ${by}, so subtracted cell by cell they reveal the counts in between, and ${reach}. ${advise(both, [table], 'with the same filters and fields as that output')}`,
    );
  }
  return null;
}

/**
 * An earlier table of the new table's measure linked only by margins that do not hold all it
 * says of the model's fields: fx × (fy × fz), linked to fx × fz by its fx margin, prints cells
 * whose sums over fy are the new table's, and read together the two can pin counts that each
 * protects (a model over fx × fz and the fx margin holds no such sums). A part that holds every
 * field of the table the model spans (its fx × fz margin, printed) says all it does of them, and
 * joins as two tables sharing fields do.
 */
function uncovered<T extends { label: string; spec: QuerySpec }>(
  spec: QuerySpec,
  model: ReadonlySet<string>,
  parts: readonly { spec: QuerySpec; part: boolean; of?: QuerySpec }[],
  domains: Domains,
  tableOf: (earlier: QuerySpec) => T,
  advise: Advise<T>,
): Gap<T> | null {
  const partial = parts.filter((p) => p.part && p.of && p.of.measure === spec.measure);
  for (const source of new Set(partial.map((p) => p.of!))) {
    const inModel = [...footprint(source, domains)].filter((f) => model.has(f));
    const held = partial
      .filter((p) => p.of === source)
      .some((p) => {
        const fields = footprint(p.spec, domains);
        return inModel.every((f) => fields.has(f));
      });
    if (held) continue;
    const table = tableOf(source);
    return gapRefusing(
      'uncovered',
      [table],
      (reach) =>
        `Not protected together with ${table.label}: it crosses ${[...footprint(source, domains)].join(', ')}, its margins alone leave out what its cells say of ${inModel.join(', ')}, so read together the two can narrow small counts that each leaves open, and ${reach}. ${advise(inModel, [table])}`,
    );
  }
  return null;
}

/**
 * Earlier tables linked only by their margins that form a cycle with the model (A × B, then
 * B × C, linked to A × C by their margins of A and of C). The model then allows counts of its
 * fields that no cube of all the fields has behind them, while an intruder reading every table
 * knows one cube lies behind them all, and may narrow what the model leaves open.
 */
function closedCycle<T extends { label: string; spec: QuerySpec }>(
  spec: QuerySpec,
  model: ReadonlySet<string>,
  parts: readonly { part: boolean; of?: QuerySpec }[],
  domains: Domains,
  readElsewhere: (earlier: QuerySpec) => boolean,
  tableOf: (earlier: QuerySpec) => T,
  advise: Advise<T>,
): Gap<T> | null {
  const sources = [...new Set(parts.flatMap((p) => (p.part && p.of ? [p.of] : [])))];
  const core = cyclicCore([model, ...sources.map((s) => footprint(s, domains))])
    .filter((i) => i > 0)
    .map((i) => sources[i - 1]!);
  // A cycle closed only through tables another audit reads whole is that audit's to check.
  if (core.every((s) => readElsewhere(s))) return null;
  const tables = core.map(tableOf);
  const labels = [...new Set(tables.map((t) => t.label))];
  const named = labels.length > 1 ? `${labels.slice(0, -1).join(', ')}, and ${labels.at(-1)!}` : labels[0]!;
  const fields = new Set([...footprint(spec, domains), ...core.flatMap((s) => [...footprint(s, domains)])]);
  return gapRefusing(
    'cycle',
    tables,
    (reach) =>
      `Not protected together with ${named}: with this table they form a cycle over ${[...fields].join(', ')}, so read together they can narrow small counts that each leaves open, and ${reach}. ${advise(fields, tables)}`,
  );
}

/** A count as the analyst reads it: 118,560. */
function counted(n: number): string {
  return n.toLocaleString('en-GB');
}

function fieldsOf(spec: QuerySpec): string[] {
  return [...spec.rows, ...spec.cols];
}

function dateOf(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * A table's resolve: its signal and, for a needs matrix's square, the need fields, so the
 * release leaves to the needs audit the persons tables over needs that it reads with the squares.
 */
interface ResolveWork {
  signal?: AbortSignal;
  needFields?: ReadonlySet<string>;
}

export class ReleaseSession {
  private readonly resolved: Resolved[] = [];
  private readonly domains = new Map<string, Domains>();
  /** Every note of the tables this session resolved, recorded or not, each once. */
  private readonly notes = new Map<string, UnlinkedNote>();
  /** The open release's publications as last read, and the release and count they were read at. */
  private register: { stamp: string; publications: Publication[] } | null = null;

  constructor(
    private readonly workspace: Workspace,
    private readonly analysis: ReleaseAnalysis,
  ) {}

  /**
   * A query as this export will publish it, protected across the open release; `name` names it
   * in notes. The signal stops the engine's queries and the release worker under it.
   */
  async resolve(spec: QuerySpec, name: string, work: ResolveWork = {}): Promise<QueryResult> {
    // Needs together are published as the offenders tables they are read from, each linked here.
    const panel = isCooccurrence(spec) ? needsPanelOf(spec) : null;
    if (panel !== null) {
      const categories = (await this.domainsOf('offenders'))[panel] ?? [];
      return needsByPanel(spec, panel, categories, (matrix, part) => this.resolve(matrix, `${name}: ${part}`, work));
    }
    if (isCooccurrence(spec)) {
      const needs = needsOf((await this.analysis.datasetColumns('offenders')).columns);
      await this.analysis.countAhead?.(needsPieceSpecs(spec, needs), work);
      const from = this.resolved.length;
      const domains = await this.domainsOf('offenders');
      const needFields = new Set(needs.map((n) => n.field));
      return cooccurrenceQuery(
        spec,
        needs,
        (piece, piece_name) => this.resolve(piece, `${name}: ${piece_name}`, { ...work, needFields }),
        async (pieces) =>
          // Each piece is one table of the export (none when disclosure is off): else nothing to settle.
          this.resolved.length - from === pieces
            ? settleNeedsPieces(this, spec, needs, from, domains, work)
            : NOTHING_SETTLED,
      );
    }
    if (spec.disclosure === null) return this.analysis.query(spec, work);
    return this.analysis.queryProtectedBy(spec, (raw, parsed) => this.protect(raw, parsed, name, work), work);
  }

  /** For the needs audit: of `fields`, those each offender has one category of; undefined where it cannot tell. */
  personLevelFields(fields: readonly string[]): Promise<ReadonlySet<string> | undefined> {
    return this.analysis.personLevelFields?.('offenders', fields) ?? Promise.resolve(undefined);
  }

  /** For the needs audit: whether every offender record has a person key; undefined where it cannot tell. */
  everyRecordKeyed(): Promise<boolean | undefined> {
    return this.analysis.everyRecordKeyed?.('offenders') ?? Promise.resolve(undefined);
  }

  /** For the needs audit: the (source, derived) category pairs offenders' records hold; undefined where it cannot tell. */
  recordPairs(source: string, derived: string): Promise<ReadonlyArray<readonly [string, string]> | null | undefined> {
    return this.analysis.recordPairs?.('offenders', source, derived) ?? Promise.resolve(undefined);
  }

  private async domainsOf(cohort: string): Promise<Domains> {
    let domains = this.domains.get(cohort);
    if (!domains) {
      const columns = await this.analysis.datasetColumns(cohort);
      domains = Object.fromEntries(
        columns.columns
          .filter((c) => c.kind === 'category' || c.kind === 'ordinal' || c.kind === 'flag')
          .map((c) => [c.name, c.categories]),
      );
      this.domains.set(cohort, domains);
    }
    return domains;
  }

  /**
   * The publications of a release (the open one by default), the open one's read once while
   * nothing is added to it: needs together resolve 55 tables against it.
   */
  private registerOf(releaseId?: number): Publication[] {
    if (releaseId !== undefined) return publicationsOf(this.workspace.db, releaseId);
    // A read: no open release yet means nothing published in it (recording one opens it).
    const open = openRelease(this.workspace.db);
    if (open === undefined) return [];
    const stamp = `${open.id}:${open.publications}`;
    if (this.register?.stamp !== stamp)
      this.register = { stamp, publications: publicationsOf(this.workspace.db, open.id) };
    return this.register.publications;
  }

  /**
   * The earlier tables of the release (register first, then this export's) that link with
   * `spec`, and those of the other measure too large to link.
   */
  private earlierFor(
    spec: QuerySpec,
    domains: Domains,
    releaseId?: number,
    readElsewhere?: (earlier: QuerySpec) => boolean,
    overNeedsAlone?: (table: QuerySpec) => boolean,
  ): { earlier: EarlierTable[]; unlinked: NonNullable<ReleaseInput['unlinked']>; windowDays: number | null } {
    const tables = this.tablesSoFar(releaseId);
    const linked = tables.filter((t) => t.spec.cohort === spec.cohort);
    const ranges = rangeSignature(spec, domains);
    const other = linked.find((t) => rangeSignature(t.spec, domains) !== ranges);
    if (other) {
      throw new AppError(
        'DISCLOSURE_REQUIRED',
        `This release already published ${spec.cohort} for a different date or number range (${other.label}); two periods of the same data could be subtracted to reveal small counts. Use the same range, or filter by financial year or month instead (those are protected together), or start a new release on the Audit screen.`,
      );
    }
    const window = repeatWindowOf(spec);
    const otherWindow = linked.find((t) => ![null, window].includes(repeatWindowOf(t.spec)) && window !== null);
    if (otherWindow) {
      throw new AppError(
        'DISCLOSURE_REQUIRED',
        `This release already published repeat victimisation over a different window (${otherWindow.label}); the same fields over two windows are different counts of the same records and could be subtracted to reveal small counts. Use the same window, or start a new release on the Audit screen.`,
      );
    }
    // The finest cells are counted over the release's one window: this table's, or an earlier one's.
    const windowDays = window ?? linked.map((t) => repeatWindowOf(t.spec)).find((w) => w !== null) ?? null;
    const { earlier, unlinked } = linkEarlier(spec, linked.reverse(), domains, readElsewhere, overNeedsAlone);
    return { earlier, unlinked, windowDays };
  }

  /** Every table of the release (the open one by default), then this export's so far, as printed. */
  tablesSoFar(releaseId?: number): { spec: QuerySpec; label: string; cells: PublishedTable['cells'] }[] {
    const tables: { spec: QuerySpec; label: string; cells: PublishedTable['cells'] }[] = [];
    for (const publication of this.registerOf(releaseId)) {
      const label = `‘${publication.title}’, exported ${dateOf(publication.publishedAt)}`;
      for (const table of publication.tables)
        tables.push({ spec: tagged(table.spec as QuerySpec), label, cells: table.cells });
    }
    for (const { spec: earlier, result } of this.resolved) {
      tables.push({
        spec: earlier,
        label: 'an earlier table of this export',
        cells: result.cells.map((c) => ({
          ...c,
          row: c.position.row,
          col: c.position.col,
          shown: c.status === 'published' ? c.value : null,
        })),
      });
    }
    return tables;
  }

  /** The needs audit of a matrix's pieces: the analysis's, kept by input, where it has one. */
  auditNeeds(input: PatternAuditInput, work: { signal?: AbortSignal } = {}): Promise<PatternAuditResult> {
    return this.analysis.auditNeeds?.(input, work) ?? auditNeedsPatternsOffThread(input, work);
  }

  /**
   * Takes back a table this export resolved (its `index` among the export's tables, as
   * tablesSoFar lists them after the register): hidden in full, every number of it with
   * `reason`, or refused, so that it is not published at all. The tables resolved after it
   * were protected with it printed, so only more is hidden, never less.
   */
  withhold(index: number, reason: string, refuse: boolean): void {
    const table = this.resolved[index];
    if (table === undefined) throw new Error(`No table ${index} resolved in this export.`);
    if (refuse) {
      this.resolved.splice(index, 1);
      return;
    }
    const { result } = table;
    const hidden = (status: ReleaseResult['cells'][number]['status']) =>
      status === 'published' ? 'secondary' : status;
    const shownElsewhere = new Set(result.reasons.map((r) => `${r.row}:${r.col}`));
    table.result = {
      ...result,
      cells: result.cells.map((c) => ({ ...c, status: hidden(c.status) })),
      reasons: [
        ...result.reasons,
        ...result.cells
          .filter((c) => c.status === 'published' && !shownElsewhere.has(`${c.position.row}:${c.position.col}`))
          .map((c) => ({ row: c.position.row, col: c.position.col, reason })),
      ],
    };
  }

  /** How many tables this export has resolved so far. */
  resolvedCount(): number {
    return this.resolved.length;
  }

  /**
   * What protecting `spec`'s raw table in a release (the open one by default) needs; reads the
   * register, writes nothing. The signal stops the engine's counts of finest cells.
   */
  async inputFor(spec: QuerySpec, raw: RawTable, releaseId?: number, work: ResolveWork = {}): Promise<ReleaseInput> {
    const domains = await this.domainsOf(spec.cohort);
    const groups = groupsOf(spec);
    const { needFields } = work;
    const readElsewhere =
      needFields === undefined ? undefined : (earlier: QuerySpec) => overNeeds(earlier, needFields, domains);
    const needs =
      needFields ??
      (spec.cohort === 'offenders'
        ? new Set(needsOf((await this.analysis.datasetColumns('offenders')).columns).map((n) => n.field))
        : undefined);
    const overNeedsAlone = needs === undefined ? undefined : (table: QuerySpec) => overNeeds(table, needs, domains);
    const { earlier, unlinked, windowDays } = this.earlierFor(spec, domains, releaseId, readElsewhere, overNeedsAlone);
    const counted: QuerySpec = windowDays === null ? spec : { ...spec, window: { days: windowDays } };
    return {
      earlier,
      ...(unlinked.length > 0 ? { unlinked } : {}),
      raw,
      scope: scopeOf(spec, domains),
      ...(groups ? { groups } : {}),
      measure: spec.measure,
      rule: { ...spec.disclosure },
      domains,
      leafValues: (leaves, measure) => this.leafValues({ ...counted, measure }, domains, leaves, work),
    };
  }

  private async protect(raw: RawTable, spec: QuerySpec, table: string, work: ResolveWork): Promise<ReleaseResult> {
    const input = await this.inputFor(spec, raw, undefined, work);
    const result = await protectInReleaseOffThread(input, work);
    const unlinked = result.unlinked.map((note) => ({ table, note }));
    for (const note of unlinked) this.notes.set(JSON.stringify(note), note);
    this.resolved.push({ spec, result, unlinked });
    return result;
  }

  /** What the tables this session resolved could not be protected together with: for the analyst, never printed. */
  unlinked(): UnlinkedNote[] {
    return [...this.notes.values()];
  }

  /**
   * True counts of finest cells, each one category or set of categories per field, under the
   * spec's ranges: in one pass of the engine; where it cannot (a dataset that is no snapshot),
   * up to three fields as rows and the others one `in` filter each per combination.
   */
  private async leafValues(
    spec: QuerySpec,
    domains: Domains,
    leaves: readonly LeafCell[],
    work: { signal?: AbortSignal },
  ): Promise<number[]> {
    const ranges = spec.filters.filter((f) => isRange(f, domains));
    const cells = leaves.map((leaf) => ({
      ...leaf.scope,
      ...Object.fromEntries(Object.entries(leaf.key).map(([f, category]) => [f, [category]])),
    }));
    const counted = await this.analysis.leafCounts(
      {
        cohort: spec.cohort,
        measure: spec.measure,
        filters: ranges,
        cells,
        ...(spec.window ? { windowDays: spec.window.days } : {}),
      },
      work,
    );
    return counted ?? this.leafValuesByQueries(spec, domains, leaves, work);
  }

  /** True counts of finest cells: up to three fields as rows, the others one `in` filter each per combination. */
  private async leafValuesByQueries(
    spec: QuerySpec,
    domains: Domains,
    leaves: readonly LeafCell[],
    work: { signal?: AbortSignal },
  ): Promise<number[]> {
    const fields = [...new Set(leaves.flatMap((l) => [...Object.keys(l.key), ...Object.keys(l.scope)]))];
    const single = fields.filter((f) => leaves.every((l) => l.key[f] !== undefined));
    const axes = single.sort((a, b) => (domains[b]?.length ?? 0) - (domains[a]?.length ?? 0)).slice(0, 3);
    const looped = fields.filter((f) => !axes.includes(f));
    const setOf = (leaf: LeafCell, field: string): readonly string[] => {
      const category = leaf.key[field];
      return category !== undefined ? [category] : leaf.scope[field]!;
    };
    const groups = new Map<string, LeafCell[]>();
    for (const leaf of leaves) {
      const id = JSON.stringify(looped.map((f) => setOf(leaf, f)));
      groups.set(id, [...(groups.get(id) ?? []), leaf]);
    }
    if (groups.size > MAX_LEAF_QUERIES) {
      throw new AppError(
        'BAD_REQUEST',
        `Protecting this output together with the release needs more than ${MAX_LEAF_QUERIES} counts of the data (its outputs combine ${fields.join(', ')}); use fewer filters, or start a new release on the Audit screen.`,
      );
    }
    const ranges = spec.filters.filter((f) => isRange(f, domains));
    const values = new Map<LeafCell, number>();
    for (const group of groups.values()) {
      const filters = [
        ...ranges,
        ...looped.map((f): Filter => ({ kind: 'in', field: f, in: [...setOf(group[0]!, f)] })),
      ];
      const result = await this.analysis.rawQuery(
        {
          cohort: spec.cohort,
          measure: spec.measure,
          filters,
          rows: axes,
          cols: [],
          percent: 'none',
          stats: false,
          disclosure: null,
          ...(spec.window ? { window: spec.window } : {}),
        },
        work,
      );
      const byKey = new Map(
        result.rows.keys.map((key, r) => [JSON.stringify(key), (result.counts[r]?.[0] ?? 0) as number]),
      );
      for (const leaf of group) values.set(leaf, byKey.get(JSON.stringify(axes.map((f) => leaf.key[f]))) ?? 0);
    }
    return leaves.map((leaf) => values.get(leaf)!);
  }

  /** Record what the export resolved as one publication of the open release; nothing when it resolved nothing. */
  record(
    kind: PublicationKind,
    title: string,
    destination: string,
    now = new Date(),
  ): { id: number; release: string } | null {
    if (this.resolved.length === 0) return null;
    const tables: PublishedTable[] = this.resolved.map(({ spec, result, unlinked }) => {
      const reasons = new Map(result.reasons.map((r) => [`${r.row}:${r.col}`, r.reason]));
      return {
        spec: JSON.parse(JSON.stringify(spec)) as Record<string, unknown>,
        cells: result.cells.map(({ position, key, value, status }) => {
          const reason = reasons.get(`${position.row}:${position.col}`);
          return {
            key: { ...key },
            row: position.row,
            col: position.col,
            value,
            shown: status === 'published' ? publishedAt(result, position) : null,
            status,
            ...(reason ? { reason } : {}),
          };
        }),
        ...(unlinked.length > 0 ? { unlinked } : {}),
      };
    });
    const publication = recordPublication(this.workspace.db, { kind, title, destination, tables }, now);
    this.resolved.length = 0;
    return { id: publication.id, release: currentRelease(this.workspace.db, now).name };
  }
}

function publishedAt(result: ReleaseResult, { row, col }: { row: number | null; col: number | null }): number | null {
  const table = result.table;
  if (row === null && col === null) return table.total;
  if (row === null) return table.colTotals[col!] ?? null;
  if (col === null) return table.rowTotals[row] ?? null;
  return table.counts[row]?.[col] ?? null;
}
