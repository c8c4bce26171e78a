// Value recoding: a source value to a codebook label, per column. Case, spaces and
// punctuation never matter; the analyst's rules come first, then the codebook's own labels,
// then the synonyms of real extracts, then column-specific knowledge (IC codes and census
// categories for ethnicity; ONS codes, "Fenland 012A" LSOA names and beats such as
// "PETERBOROUGH CENTRAL" for district). Open columns (LSOA, offence subgroup) take any
// value. A result of `undefined` means "no recoding": validation rejects the row.
import { DISTRICT_CODES, IC_CODES, type CodebookColumn } from '../../shared/codebook.ts';
import { detached } from './detached.ts';
import { normaliseKey } from './normalise.ts';
import { ETHNICITY_PREFIXES, FLAG_FALSE, FLAG_TRUE, VALUE_SYNONYMS } from './synonyms.ts';

/** A label, `null` for a blank (unknown), `undefined` when nothing recodes the value. */
export type Recoded = string | null | undefined;
export type Recoder = (raw: string) => Recoded;

const BLANK_LABELS = ['Unknown', 'Not stated'];

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

/**
 * The recoder of one codebook column. `existing` are labels already in the workspace (open
 * columns reuse their spelling); `rules` are the analyst's, keyed by normalised source value.
 */
export function makeRecoder(
  column: CodebookColumn,
  rules: Readonly<Record<string, string>> = {},
  existing: Iterable<string> = [],
): Recoder {
  const blank = BLANK_LABELS.find((l) => column.categories.includes(l)) ?? null;
  const exact = new Map<string, string>();
  for (const label of column.categories) exact.set(normaliseKey(label), label);
  for (const [label, spellings] of Object.entries(VALUE_SYNONYMS[column.name] ?? {})) {
    for (const s of spellings) exact.set(normaliseKey(s), label);
  }
  if (column.kind === 'flag') {
    for (const s of FLAG_TRUE) exact.set(s, 'Yes');
    for (const s of FLAG_FALSE) exact.set(s, 'No');
  }
  if (column.name === 'ethnicity')
    for (const [code, label] of Object.entries(IC_CODES)) exact.set(normaliseKey(code), label);
  if (column.name === 'district')
    for (const [code, label] of Object.entries(DISTRICT_CODES)) exact.set(normaliseKey(code), label);
  for (const [key, label] of Object.entries(rules)) exact.set(key, label);

  let fallback: (raw: string) => string | undefined = () => undefined;
  if (column.name === 'district') {
    const entries: Array<[string, string]> = column.categories.map((l) => [l, l]);
    for (const [label, spellings] of Object.entries(VALUE_SYNONYMS.district ?? {}))
      for (const s of spellings) entries.push([s, label]);
    fallback = prefixMatcher(entries);
  } else if (column.name === 'ethnicity') {
    fallback = prefixMatcher(ETHNICITY_PREFIXES);
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
      return label;
    };
  }

  return (raw) => {
    const key = normaliseKey(raw);
    if (key === '') {
      return Object.prototype.hasOwnProperty.call(rules, '') ? rules[''] : blank;
    }
    return exact.get(key) ?? fallback(raw);
  };
}
