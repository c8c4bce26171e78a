// Row validation and transformation: one source row in, either the cohort table's values
// (codes, flags, ISO date, the identity token for the person key) or the reasons it is
// rejected, each {column, value, rule}. Compiled once per import from the mapping, with
// per-column caches, because it runs a million times.
import {
  ageBandOf,
  financialYearOf,
  findColumn,
  monthOf,
  type Codebook,
  type CodebookColumn,
} from '../../shared/codebook.ts';
import type { Mapping } from './mapping.ts';
import { detached } from './detached.ts';
import { normaliseKey } from './normalise.ts';
import { ageOn, parseDate } from './parseDate.ts';
import { identifierToken, KEY_PRIORITY, nameBirthToken } from './pseudonymise.ts';
import { makeRecoder, memoise, type Recoder } from './recode.ts';

export const REJECT_RULES = [
  'missing_date',
  'unparseable_date',
  'future_date',
  'impossible_date',
  'unparseable_age',
  'impossible_age',
  'unknown_category',
  'column_count',
  'duplicate',
] as const;
export type RejectRule = (typeof REJECT_RULES)[number];

export interface Reason {
  column: string;
  value: string;
  rule: RejectRule;
}

export type CellValue = number | string | null;

/** Label to code for a column; adds the label when the column is open. */
export type CodeOf = (column: string, label: string) => number;

export interface ValidatorOptions {
  codebook: Codebook;
  mapping: Mapping;
  headers: readonly string[];
  /** Columns of the cohort table to fill, in order (without id, batch_id, source_row). */
  tableColumns: readonly string[];
  codeOf: CodeOf;
  /** Labels already in the workspace, for open columns. */
  existingLabels: (column: string) => Iterable<string>;
  /** ISO date of today: later dates are rejected. */
  today: string;
  /** CSV rows must have as many fields as the header; XLSX rows may stop early. */
  strictWidth: boolean;
}

const OLDEST_DATE = '1900-01-01';
const MAX_AGE = 120;
const MAX_DISTINCT_TRACKED = 1000;
const UNKNOWN_CODE = -1;

interface CategoryPlan {
  column: CodebookColumn;
  out: number;
  sources: Array<{ index: number; header: string }>;
  /** raw → code, null (blank) or UNKNOWN_CODE. */
  code: (raw: string) => number | null;
  blankCode: number | null;
  flag: boolean;
}

export class RowValidator {
  private readonly categories: CategoryPlan[] = [];
  private readonly dateSource: { index: number; header: string } | undefined;
  private readonly ageSource: { index: number; header: string } | undefined;
  private readonly birthSource: { index: number; header: string } | undefined;
  private readonly ageBandPlan: CategoryPlan | undefined;
  private readonly identifierSources: Array<{ index: number; target: string }>;
  private readonly nameSource: number | undefined;
  private readonly dateOut: number;
  private readonly monthOut: number;
  private readonly yearOut: number;
  private readonly parseDateMemo = memoise((raw: string) => parseDate(raw));
  private readonly unknown = new Map<string, Map<string, number>>();
  private readonly seen = new Map<string, Set<string>>();
  /** The reasons of the row being checked (a field, not a closure per row: check runs a million times). */
  private reasons: Reason[] | null = null;
  /** Per ISO date, its month and financial-year codes; per age in years, its band's code. */
  private readonly periodCodes = new Map<string, readonly [month: number, year: number]>();
  private readonly bandCodes: number[] = [];
  readonly personOut: number;

  constructor(private readonly options: ValidatorOptions) {
    const { mapping, headers, tableColumns, codebook } = options;
    const indexOf = (source: string): number => headers.indexOf(source);
    const outOf = (name: string): number => tableColumns.indexOf(name);
    const sourcesFor = (target: string) =>
      mapping.columns.filter((c) => c.target === target).map((c) => ({ index: indexOf(c.source), header: c.source }));

    this.dateSource = sourcesFor('date')[0];
    this.ageSource = sourcesFor('age')[0];
    this.birthSource = sourcesFor('date_of_birth')[0];
    this.dateOut = outOf('date');
    this.monthOut = outOf('month');
    this.yearOut = outOf('financial_year');
    this.personOut = outOf('person_id');
    this.identifierSources = KEY_PRIORITY.flatMap((target) =>
      sourcesFor(target).map((s) => ({ index: s.index, target })),
    );
    this.nameSource = sourcesFor('name')[0]?.index;

    for (const name of tableColumns) {
      const column = findColumn(codebook, name);
      if (!column || !(column.kind === 'category' || column.kind === 'ordinal' || column.kind === 'flag')) continue;
      if (name === 'month' || name === 'financial_year') continue;
      const sources = sourcesFor(name);
      if (sources.length === 0 && name !== 'age_band') continue;
      const plan = this.categoryPlan(column, outOf(name), sources);
      if (name === 'age_band') this.ageBandPlan = plan;
      else this.categories.push(plan);
    }
  }

  private categoryPlan(
    column: CodebookColumn,
    out: number,
    sources: Array<{ index: number; header: string }>,
  ): CategoryPlan {
    const recoder: Recoder = makeRecoder(
      column,
      this.options.mapping.recodes[column.name],
      this.options.existingLabels(column.name),
    );
    const flag = column.kind === 'flag';
    const toCode = (label: string): number =>
      flag ? (label === 'Yes' ? 1 : 0) : this.options.codeOf(column.name, label);
    const blankLabel = recoder('');
    const blankCode = blankLabel === null || blankLabel === undefined ? null : toCode(blankLabel);
    const code = memoise((raw: string): number | null => {
      const label = recoder(raw);
      if (label === undefined) return UNKNOWN_CODE;
      this.noteSeen(column.name, raw);
      return label === null ? null : toCode(label);
    });
    return { column, out, sources, code, blankCode, flag };
  }

  /** Fills `out` with the row's values and returns null, or returns why the row is rejected. */
  check(cells: readonly string[], out: CellValue[]): Reason[] | null {
    this.reasons = null;
    const { headers, strictWidth, today } = this.options;
    if (cells.length > headers.length || (strictWidth && cells.length < headers.length)) {
      this.reject('(row)', `${cells.length} fields`, 'column_count');
      return this.reasons;
    }
    out.fill(null);

    // Date (required), month and financial year.
    let date: string | null = null;
    if (this.dateSource) {
      const raw = cells[this.dateSource.index] ?? '';
      if (raw.trim() === '') this.reject(this.dateSource.header, raw, 'missing_date');
      else {
        date = this.parseDateMemo(raw);
        if (date === null) this.reject(this.dateSource.header, raw, 'unparseable_date');
        else if (date > today) this.reject(this.dateSource.header, raw, 'future_date');
        else if (date < OLDEST_DATE) this.reject(this.dateSource.header, raw, 'impossible_date');
        if (this.reasons) date = null;
      }
    }
    if (date !== null) {
      if (this.dateOut >= 0) out[this.dateOut] = date;
      const [month, year] = this.periodOf(date);
      if (this.monthOut >= 0) out[this.monthOut] = month;
      if (this.yearOut >= 0) out[this.yearOut] = year;
    }

    // Categories and flags, each coalesced over its sources in priority order.
    for (const plan of this.categories) {
      const value = this.categoryValue(plan, cells);
      out[plan.out] = value;
    }

    // Age band: the mapped band, else from the age, else from the date of birth at the record's date.
    let birth: string | null = null;
    if (this.birthSource) {
      const raw = cells[this.birthSource.index] ?? '';
      if (raw.trim() !== '') {
        birth = this.parseDateMemo(raw);
        if (birth === null) this.reject(this.birthSource.header, raw, 'unparseable_date');
      }
    }
    if (this.ageBandPlan) {
      let band = this.ageBandPlan.sources.length > 0 ? this.categoryValue(this.ageBandPlan, cells) : null;
      if (band === null || band === this.ageBandPlan.blankCode) {
        const age = this.ageOf(cells, date, birth);
        if (age !== null) band = this.bandCodes[age] ??= this.options.codeOf('age_band', ageBandOf(age));
      }
      out[this.ageBandPlan.out] = band ?? this.ageBandPlan.blankCode;
    }
    return this.reasons;
  }

  private periodOf(date: string): readonly [number, number] {
    let codes = this.periodCodes.get(date);
    if (codes === undefined) {
      codes = [
        this.monthOut >= 0 ? this.options.codeOf('month', monthOf(date)) : UNKNOWN_CODE,
        this.yearOut >= 0 ? this.options.codeOf('financial_year', financialYearOf(date)) : UNKNOWN_CODE,
      ];
      this.periodCodes.set(date, codes);
    }
    return codes;
  }

  private reject(column: string, value: string, rule: RejectRule): void {
    (this.reasons ??= []).push({ column, value, rule });
  }

  private categoryValue(plan: CategoryPlan, cells: readonly string[]): number | null {
    let value: number | null = null;
    for (const source of plan.sources) {
      const raw = cells[source.index] ?? '';
      const code = plan.code(raw);
      if (code === UNKNOWN_CODE) {
        this.reject(source.header, raw, 'unknown_category');
        this.countUnknown(plan.column.name, raw);
        return null;
      }
      if (code !== null && code !== plan.blankCode) return code;
      if (value === null) value = code;
    }
    return value ?? plan.blankCode;
  }

  private ageOf(cells: readonly string[], date: string | null, birth: string | null): number | null {
    if (this.ageSource) {
      const raw = (cells[this.ageSource.index] ?? '').trim();
      if (raw !== '') {
        const age = Number(raw);
        if (!Number.isFinite(age)) this.reject(this.ageSource.header, raw, 'unparseable_age');
        else if (age < 0 || age > MAX_AGE) this.reject(this.ageSource.header, raw, 'impossible_age');
        else return Math.floor(age);
        return null;
      }
    }
    if (birth !== null && date !== null && this.birthSource) {
      const age = ageOn(birth, date);
      if (age < 0 || age > MAX_AGE) {
        this.reject(this.birthSource.header, `${age} years at ${date}`, 'impossible_age');
        return null;
      }
      return age;
    }
    return null;
  }

  /** The token the person key is made from: the best identifier, else name with date of birth. */
  identity(cells: readonly string[]): string | null {
    for (const s of this.identifierSources) {
      const token = identifierToken(cells[s.index] ?? '');
      if (token !== null) return token;
    }
    if (this.nameSource !== undefined && this.birthSource) {
      const birth = this.parseDateMemo(cells[this.birthSource.index] ?? '');
      return nameBirthToken(cells[this.nameSource] ?? '', birth);
    }
    return null;
  }

  private countUnknown(column: string, raw: string): void {
    let counts = this.unknown.get(column);
    if (!counts) this.unknown.set(column, (counts = new Map()));
    const value = raw.trim();
    const known = counts.get(value);
    if (known !== undefined) counts.set(value, known + 1);
    else if (counts.size < MAX_DISTINCT_TRACKED) counts.set(detached(value), 1);
  }

  private noteSeen(column: string, raw: string): void {
    let set = this.seen.get(column);
    if (!set) this.seen.set(column, (set = new Set()));
    if (set.size < MAX_DISTINCT_TRACKED) set.add(detached(normaliseKey(raw)));
  }

  /** Values no rule recodes, with their counts, per codebook column: what the analyst must map. */
  unknownValues(): Record<string, Array<{ value: string; count: number }>> {
    const result: Record<string, Array<{ value: string; count: number }>> = {};
    for (const [column, counts] of this.unknown) {
      result[column] = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
    }
    return result;
  }

  /** Normalised values seen per categorical column (saved in profiles to spot new ones next time). */
  seenValues(): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const [column, set] of this.seen) result[column] = [...set].sort();
    return result;
  }
}
