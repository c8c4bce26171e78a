// Value recoding: a source value to a codebook label, per column, and how it got there. Case,
// spaces and punctuation never matter; the analyst's rules come first, then the codebook's own
// labels, then standard classifications (census ethnic categories, IC codes, ONS codes,
// police.uk categories: standardClassifications.ts), then the spellings of real extracts, then
// "Fenland 012A" LSOA names and beats such as "PETERBOROUGH CENTRAL" for district. Open columns
// (LSOA, offence subgroup) take any value. "Unknown", "Not known", "N/K" are a blank, in every
// column. Nothing else is guessed: a value with no sure
// destination is unmapped (`undefined`), and the analyst decides.
import { DISTRICT_CODES, IC_CODES, type CodebookColumn } from '../../shared/codebook.ts';
import { detached } from './detached.ts';
import { normaliseKey } from './normalise.ts';
import { STANDARD_VALUES } from './standardClassifications.ts';
import { FLAG_FALSE, FLAG_TRUE, VALUE_SYNONYMS } from './synonyms.ts';

/** A label, `null` for a blank (unknown), `undefined` when nothing recodes the value. */
export type Recoded = string | null | undefined;
export type Recoder = (raw: string) => Recoded;

const BLANK_LABELS = ['Unknown', 'Not stated'];
/**
 * Values that say the value is not known, as a blank does (normalised keys of "Unknown", "Not
 * known", "N/K", "NK", "Not recorded"): one Unknown in every column, as in context datasets. A
 * literal "Unknown" in an open column would otherwise become a second Unknown beside the blanks.
 */
const UNKNOWN_KEYS = ['unknown', 'notknown', 'nk', 'notrecorded'];

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Longest label (or synonym) whose words begin the value's words: "FENLAND NORTH" → Fenland. */
function prefixMatcher(entries: ReadonlyArray<[string, string]>): (raw: string) => string | undefined {
  const phrases = entries
    .map(([phrase, label]) => ({ w: words(phrase), label }))
    .filter((p) => p.w.length > 0)
    .sort((a, b) => b.w.length - a.w.length);
  return (raw) => {
    const w = words(raw);
    for (const p of phrases) {
      if (p.w.length <= w.length && p.w.every((x, i) => x === w[i])) return p.label;
    }
    return undefined;
  };
}

/** Sentence case for values written all in capitals or all in lower case. */
export function tidyOpenLabel(raw: string): string {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text === text.toUpperCase() || text === text.toLowerCase()) {
    return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
  }
  return text;
}

/** How a value found its label: the analyst's rule, a blank, the codebook's own label, a
 * standard UK classification (census, IC codes, ONS codes, police.uk), a known spelling, a new
 * label of an open column; or `unmapped` when nothing gives it a sure destination. */
export const VALUE_ROUTES = ['rule', 'blank', 'exact', 'standard', 'synonym', 'open', 'unmapped'] as const;
export type ValueRoute = (typeof VALUE_ROUTES)[number];

export interface Classified {
  label: Recoded;
  how: ValueRoute;
}

export type Classifier = (raw: string) => Classified;

/**
 * The classifier of one codebook column. `existing` are labels already in the workspace (open
 * columns reuse their spelling); `rules` are the analyst's, keyed by normalised source value.
 */
export function makeClassifier(
  column: CodebookColumn,
  rules: Readonly<Record<string, string>> = {},
  existing: Iterable<string> = [],
): Classifier {
  const blank = BLANK_LABELS.find((l) => column.categories.includes(l)) ?? null;
  const exact = new Map<string, Classified>();
  const put = (key: string, label: string, how: ValueRoute): void => {
    if (!exact.has(key)) exact.set(key, { label, how });
  };
  for (const [key, label] of Object.entries(rules)) exact.set(key, { label, how: 'rule' });
  for (const key of UNKNOWN_KEYS)
    if (!exact.has(key))
      exact.set(key, blank === null ? { label: null, how: 'blank' } : { label: blank, how: 'exact' });
  for (const label of column.categories) put(normaliseKey(label), label, 'exact');
  for (const [key, label] of STANDARD_VALUES[column.name] ?? []) put(key, label, 'standard');
  if (column.name === 'ethnicity')
    for (const [code, label] of Object.entries(IC_CODES)) put(normaliseKey(code), label, 'standard');
  if (column.name === 'district')
    for (const [code, label] of Object.entries(DISTRICT_CODES)) put(normaliseKey(code), label, 'standard');
  for (const [label, spellings] of Object.entries(VALUE_SYNONYMS[column.name] ?? {})) {
    for (const s of spellings) put(normaliseKey(s), label, 'synonym');
  }
  if (column.kind === 'flag') {
    for (const s of FLAG_TRUE) put(s, 'Yes', 'synonym');
    for (const s of FLAG_FALSE) put(s, 'No', 'synonym');
  }

  let fallback: (raw: string) => Classified | undefined = () => undefined;
  if (column.name === 'district') {
    const entries: Array<[string, string]> = column.categories.map((l) => [l, l]);
    for (const [label, spellings] of Object.entries(VALUE_SYNONYMS.district ?? {}))
      for (const s of spellings) entries.push([s, label]);
    const prefix = prefixMatcher(entries);
    fallback = (raw) => {
      const label = prefix(raw);
      return label === undefined ? undefined : { label, how: 'synonym' };
    };
  } else if (column.open) {
    const known = new Map<string, string>();
    for (const label of existing) known.set(normaliseKey(label), label);
    const upper = column.name === 'lsoa';
    fallback = (raw) => {
      const key = normaliseKey(raw);
      if (key === '') return undefined;
      let label = known.get(key);
      if (label === undefined) {
        label = detached(upper ? raw.trim().replace(/\s+/g, '').toUpperCase() : tidyOpenLabel(raw));
        known.set(detached(key), label);
      }
      return { label, how: 'open' };
    };
  }

  const blankRule = Object.prototype.hasOwnProperty.call(rules, '')
    ? { label: rules[''], how: 'rule' as const }
    : { label: blank, how: 'blank' as const };
  const unmapped: Classified = { label: undefined, how: 'unmapped' };
  return (raw) => {
    const key = normaliseKey(raw);
    if (key === '') return blankRule;
    return exact.get(key) ?? fallback(raw) ?? unmapped;
  };
}

/** The recoder of one codebook column: the label of `makeClassifier`, without how it was found. */
export function makeRecoder(
  column: CodebookColumn,
  rules: Readonly<Record<string, string>> = {},
  existing: Iterable<string> = [],
): Recoder {
  const classify = makeClassifier(column, rules, existing);
  return (raw) => classify(raw).label;
}
