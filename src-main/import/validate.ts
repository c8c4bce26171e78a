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
import type { CellValue } from './cellValue.ts';
import type { Mapping } from './mapping.ts';
import { detached } from './detached.ts';
import { dateNumber } from './encodedRows.ts';
import { normaliseKey } from './normalise.ts';
import { ageOn, dayMonthFit, parseDate, type DateOrder } from '../../shared/parseDate.ts';
import { nameBirthToken } from './pseudonymise.ts';
import { ByteCodeMemo, ByteMemo } from './byteMemo.ts';
import type { RecordBatch } from './recordBatch.ts';
import { makeClassifier, type ValueRoute } from './recode.ts';

export const REJECT_RULES = [
  'missing_date',
  'unparseable_date',
  'future_date',
  'impossible_date',
  'unparseable_age',
  'impossible_age',
  'unknown_category',
  'date_order',
  'outcome_before_offence',
  'column_count',
  'duplicate',
  'control_byte',
] as const;
export type RejectRule = (typeof REJECT_RULES)[number];

export interface Reason {
  column: string;
  value: string;
  rule: RejectRule;
}

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
  /** A value no rule recodes: its row is rejected (default), or it is kept as the column's Unknown. */
  unmapped?: 'reject' | 'unknown';
  /** Columns whose values with no recoding are Unknown whatever `unmapped` says (their source is kept beside). */
  unknownColumns?: readonly string[];
  /** Day and month of `12/03/2021`: UK day-first unless the analyst said otherwise (`auto` notes evidence). */
  dateOrder?: DateOrder | 'auto';
  /** Count each source value with its destination (the dry run's list of where values go). */
  tallyValues?: boolean;
}

/** One distinct source value of a column, how many cells hold it, and where it goes. */
export interface ValueTally {
  value: string;
  count: number;
  label: string | null;
  how: ValueRoute;
}

/** Where the values of one source column go. */
export interface ValueDestinations {
  source: string;
  target: string;
  values: ValueTally[];
}

/** Distinct date values by the day/month orders they fit (d/m/y-shaped values only). */
export interface DateOrderEvidence {
  dayFirstOnly: number;
  monthFirstOnly: number;
  either: number;
}

const OLDEST_DATE = '1900-01-01';
const MAX_AGE = 120;
const MAX_DISTINCT_TRACKED = 1000;
const UNKNOWN_CODE = -1;
/** A blank category cell, where codes are int32 (ByteCodeMemo). */
const NULL_CODE = -2;
/** Distinct values memoised per column: extracts repeat a few hundred values a million times. */
const MEMO_LIMIT = 50_000;

/** What a record's date cell comes to: its rejection, or the ISO date with its month and year codes. */
interface DateCell {
  rule: RejectRule | null;
  iso: string | null;
  /** The date as the number YYYYMMDD: how the table column travels and is hashed (encodedRows.ts). */
  number: number;
  month: number;
  year: number;
}

/** A date of birth: blank, or its ISO date (null when it cannot be read). */
interface BirthCell {
  blank: boolean;
  iso: string | null;
}

/** An age cell: the age in whole years, or one of these. */
const AGE_BLANK = -1;
const AGE_UNPARSEABLE = -2;
const AGE_IMPOSSIBLE = -3;
const EMPTY_FIELDS = new Int32Array(0);

interface CategorySource {
  index: number;
  header: string;
  /** The source's distinct values with their counts, when the dry run lists them. */
  tally?: ByteMemo<ValueTally>;
}

interface CategoryPlan {
  column: CodebookColumn;
  out: number;
  sources: CategorySource[];
  /** raw → code, NULL_CODE (blank) or UNKNOWN_CODE, memoised on the cell's bytes. */
  code: ByteCodeMemo;
  blankCode: number | null;
  /** What an unmapped value becomes when the analyst keeps it (the column's Unknown, or blank). */
  unmappedCode: number | null;
  /** Unmapped values are the column's Unknown, not a question (the source bands are kept beside). */
  alwaysUnknown: boolean;
  flag: boolean;
}

/** Distinct values counted per source column for the dry run (the rest are counted together). */
const MAX_TALLIED = 500;

/** A memo of cell values by their bytes (byteMemo.ts). */
interface CellMemo<T> {
  get(buf: Buffer, start: number, end: number): T;
  empty(): T;
}

export class RowValidator {
  private readonly categories: CategoryPlan[] = [];
  private readonly dateSource: { index: number; header: string } | undefined;
  private readonly outcomeSource: { index: number; header: string } | undefined;
  private readonly ageSource: { index: number; header: string } | undefined;
  private readonly birthSource: { index: number; header: string } | undefined;
  private readonly ageBandPlan: CategoryPlan | undefined;
  private readonly nameSource: number | undefined;
  private readonly dateOut: number;
  private readonly outcomeOut: number;
  private readonly monthOut: number;
  private readonly yearOut: number;
  private readonly dateCells: ByteMemo<DateCell>;
  private readonly outcomeCells: ByteMemo<DateCell>;
  private readonly birthCells = new ByteMemo<BirthCell>((raw) => {
    const blank = raw.trim() === '';
    return { blank, iso: blank ? null : parseDate(raw) };
  }, MEMO_LIMIT);
  private readonly ageCells = new ByteMemo<number>((text) => {
    const raw = text.trim();
    if (raw === '') return AGE_BLANK;
    const age = Number(raw);
    if (!Number.isFinite(age)) return AGE_UNPARSEABLE;
    if (age < 0 || age > MAX_AGE) return AGE_IMPOSSIBLE;
    return Math.floor(age);
  }, MEMO_LIMIT);
  /** The record being checked (fields, not arguments: every lookup of the row reads them). */
  private bytes: Buffer = Buffer.alloc(0);
  private fields: Int32Array = EMPTY_FIELDS;
  private first = 0;
  private width = 0;
  private readonly unknown = new Map<string, Map<string, number>>();
  private readonly dateEvidence: DateOrderEvidence = { dayFirstOnly: 0, monthFirstOnly: 0, either: 0 };
  private unmappedKept = 0;
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
    const sourcesFor = (target: string): CategorySource[] =>
      mapping.columns.filter((c) => c.target === target).map((c) => ({ index: indexOf(c.source), header: c.source }));

    this.dateSource = sourcesFor('date')[0];
    this.ageSource = sourcesFor('age')[0];
    this.birthSource = sourcesFor('date_of_birth')[0];
    this.dateOut = outOf('date');
    this.outcomeSource = sourcesFor('outcome_date')[0];
    this.outcomeOut = outOf('outcome_date');
    this.monthOut = outOf('month');
    this.yearOut = outOf('financial_year');
    this.personOut = outOf('person_id');
    this.nameSource = sourcesFor('name')[0]?.index;
    this.dateCells = new ByteMemo<DateCell>((raw) => this.dateCell(raw, true), MEMO_LIMIT);
    this.outcomeCells = new ByteMemo<DateCell>((raw) => this.dateCell(raw, false), MEMO_LIMIT);

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

  private categoryPlan(column: CodebookColumn, out: number, sources: CategorySource[]): CategoryPlan {
    const classify = makeClassifier(
      column,
      this.options.mapping.recodes[column.name],
      this.options.existingLabels(column.name),
    );
    const flag = column.kind === 'flag';
    const toCode = (label: string): number =>
      flag ? (label === 'Yes' ? 1 : 0) : this.options.codeOf(column.name, label);
    const blankLabel = classify('').label;
    const blankCode = blankLabel === null || blankLabel === undefined ? null : toCode(blankLabel);
    const unknownLabel = ['Unknown', 'Not stated'].find((l) => column.categories.includes(l));
    const alwaysUnknown = this.options.unknownColumns?.includes(column.name) ?? false;
    const unmappedCode =
      (this.options.unmapped === 'unknown' || alwaysUnknown) && unknownLabel !== undefined
        ? toCode(unknownLabel)
        : null;
    const code = new ByteCodeMemo((raw: string): number => {
      const label = classify(raw).label;
      if (label === undefined) return UNKNOWN_CODE;
      this.noteSeen(column.name, raw);
      return label === null ? NULL_CODE : toCode(label);
    }, MEMO_LIMIT);
    if (this.options.tallyValues) {
      for (const source of sources) {
        source.tally = new ByteMemo<ValueTally>((raw) => {
          const { label, how } = classify(raw);
          return { value: raw.trim(), count: 0, label: label ?? null, how };
        }, MAX_TALLIED);
      }
    }
    return { column, out, sources, code, blankCode, unmappedCode, alwaysUnknown, flag };
  }

  /** The value `memo` gives the cell of the bound record in source column `index`. */
  lookup<T>(memo: CellMemo<T>, index: number): T {
    if (index < 0 || index >= this.width) return memo.empty();
    const f = 2 * (this.first + index);
    return memo.get(this.bytes, this.fields[f] as number, this.fields[f + 1] as number);
  }

  /** The text of the bound record's cell in source column `index`. */
  cellText(index: number): string {
    if (index < 0 || index >= this.width) return '';
    const f = 2 * (this.first + index);
    return this.bytes.toString('utf8', this.fields[f] as number, this.fields[f + 1] as number);
  }

  /**
   * Checks record `r` of `batch` (it stays bound for `lookup` and `nameBirthToken`): fills
   * `out` with the row's values and returns null, or returns why the row is rejected.
   */
  check(batch: RecordBatch, r: number, out: CellValue[]): Reason[] | null {
    this.reasons = null;
    this.bytes = batch.bytes;
    this.fields = batch.fields;
    this.first = batch.firstField[r] as number;
    this.width = (batch.firstField[r + 1] as number) - this.first;
    const { headers, strictWidth } = this.options;
    if (this.width > headers.length || (strictWidth && this.width < headers.length)) {
      this.reject('(row)', `${this.width} fields`, 'column_count');
      return this.reasons;
    }
    out.fill(null);

    // Date (required), month and financial year.
    let date: string | null = null;
    if (this.dateSource) {
      const cell = this.lookup(this.dateCells, this.dateSource.index);
      if (cell.rule !== null) this.reject(this.dateSource.header, this.cellText(this.dateSource.index), cell.rule);
      else {
        date = cell.iso;
        if (this.dateOut >= 0) out[this.dateOut] = cell.number;
        if (this.monthOut >= 0) out[this.monthOut] = cell.month;
        if (this.yearOut >= 0) out[this.yearOut] = cell.year;
      }
    }

    if (this.outcomeSource) this.checkOutcomeDate(this.outcomeSource, date, out);

    // Categories and flags, each coalesced over its sources in priority order.
    for (const plan of this.categories) {
      const value = this.categoryValue(plan);
      out[plan.out] = value;
    }

    // Age band: the mapped band, else from the age, else from the date of birth at the record's date.
    let birth: string | null = null;
    if (this.birthSource) {
      const cell = this.lookup(this.birthCells, this.birthSource.index);
      if (!cell.blank) {
        birth = cell.iso;
        if (birth === null)
          this.reject(this.birthSource.header, this.cellText(this.birthSource.index), 'unparseable_date');
      }
    }
    if (this.ageBandPlan) {
      let band = this.ageBandPlan.sources.length > 0 ? this.categoryValue(this.ageBandPlan) : null;
      if (band === null || band === this.ageBandPlan.blankCode) {
        const age = this.ageOf(date, birth);
        if (age !== null) band = this.bandCodes[age] ??= this.options.codeOf('age_band', ageBandOf(age));
      }
      out[this.ageBandPlan.out] = band ?? this.ageBandPlan.blankCode;
    }
    return this.reasons;
  }

  /**
   * The outcome date (optional: a blank cell stays blank), read as the offence date is. An
   * outcome before the offence cannot be: one of the two dates is wrong, and which one the
   * extract does not say, so the row is rejected (kept with its reason, like every rejected
   * row) rather than stored with a negative time to outcome or with a date quietly blanked.
   */
  private checkOutcomeDate(source: { index: number; header: string }, date: string | null, out: CellValue[]): void {
    const cell = this.lookup(this.outcomeCells, source.index);
    if (cell.rule === 'missing_date') return;
    if (cell.rule !== null || cell.iso === null) {
      this.reject(source.header, this.cellText(source.index), cell.rule ?? 'unparseable_date');
      return;
    }
    if (date !== null && cell.iso < date) {
      this.reject(source.header, `${this.cellText(source.index)} (offence ${date})`, 'outcome_before_offence');
      return;
    }
    if (this.outcomeOut >= 0) out[this.outcomeOut] = cell.number;
  }

  /**
   * A date cell's text to its rejection, or its ISO date with the codes of its month and year
   * (those only for the offence date, whose day/month evidence alone is noted).
   */
  private dateCell(raw: string, offence: boolean): DateCell {
    const rejected = (rule: RejectRule): DateCell => ({
      rule,
      iso: null,
      number: 0,
      month: UNKNOWN_CODE,
      year: UNKNOWN_CODE,
    });
    if (raw.trim() === '') return rejected('missing_date');
    const order = this.options.dateOrder ?? 'auto';
    const fit = dayMonthFit(raw);
    if (offence && fit === 'dmy') this.dateEvidence.dayFirstOnly++;
    else if (offence && fit === 'mdy') this.dateEvidence.monthFirstOnly++;
    else if (offence && fit === 'either') this.dateEvidence.either++;
    if ((fit === 'dmy' && order === 'mdy') || (fit === 'mdy' && order !== 'mdy')) return rejected('date_order');
    const date = parseDate(raw, undefined, order === 'mdy' ? 'mdy' : 'dmy');
    if (date === null) return rejected('unparseable_date');
    if (date > this.options.today) return rejected('future_date');
    if (date < OLDEST_DATE) return rejected('impossible_date');
    if (!offence) return { rule: null, iso: date, number: dateNumber(date), month: UNKNOWN_CODE, year: UNKNOWN_CODE };
    const [month, year] = this.periodOf(date);
    return { rule: null, iso: date, number: dateNumber(date), month, year };
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

  private categoryValue(plan: CategoryPlan): number | null {
    let value: number | null = null;
    for (const source of plan.sources) {
      if (source.tally) this.lookup(source.tally, source.index).count++;
      const code = this.lookup(plan.code, source.index);
      if (code === UNKNOWN_CODE && plan.alwaysUnknown) {
        value ??= plan.unmappedCode;
        continue;
      }
      if (code === UNKNOWN_CODE) {
        const raw = this.cellText(source.index);
        this.countUnknown(plan.column.name, raw);
        if (this.options.unmapped === 'unknown') {
          this.unmappedKept++;
          value ??= plan.unmappedCode;
          continue;
        }
        this.reject(source.header, raw, 'unknown_category');
        return null;
      }
      if (code === NULL_CODE) continue;
      if (code !== plan.blankCode) return code;
      value ??= code;
    }
    return value ?? plan.blankCode;
  }

  private ageOf(date: string | null, birth: string | null): number | null {
    if (this.ageSource) {
      const age = this.lookup(this.ageCells, this.ageSource.index);
      if (age >= 0) return age;
      if (age === AGE_UNPARSEABLE || age === AGE_IMPOSSIBLE) {
        const raw = this.cellText(this.ageSource.index).trim();
        this.reject(this.ageSource.header, raw, age === AGE_UNPARSEABLE ? 'unparseable_age' : 'impossible_age');
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

  /** The bound record's name with its date of birth, when no identifier gives the person. */
  nameBirthToken(): string | null {
    if (this.nameSource === undefined || !this.birthSource) return null;
    const birth = this.lookup(this.birthCells, this.birthSource.index).iso;
    return nameBirthToken(this.cellText(this.nameSource), birth);
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

  /** Distinct date values by the day/month orders they fit: evidence for asking the analyst. */
  dateOrderEvidence(): DateOrderEvidence {
    return { ...this.dateEvidence };
  }

  /** Cells whose unmapped value was kept as Unknown (`unmapped: 'unknown'`). */
  unmappedKeptCount(): number {
    return this.unmappedKept;
  }

  /** Per mapped source column, its distinct values with counts and destinations (with `tallyValues`). */
  valueDestinations(): ValueDestinations[] {
    const result: ValueDestinations[] = [];
    const plans = this.ageBandPlan ? [...this.categories, this.ageBandPlan] : this.categories;
    for (const plan of plans) {
      for (const source of plan.sources) {
        if (!source.tally) continue;
        const merged = new Map<string, ValueTally>();
        for (const tally of source.tally.values()) {
          const known = merged.get(tally.value);
          if (known) known.count += tally.count;
          else merged.set(tally.value, { ...tally });
        }
        const values = [...merged.values()]
          .filter((v) => v.count > 0)
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
        result.push({ source: source.header, target: plan.column.name, values });
      }
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
