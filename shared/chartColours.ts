// One colour per category, the same in every chart type and every figure: a category of a
// codebook field takes the palette colour of its place in the codebook's order (Female is
// always the first colour, Male the second), any other label a colour from a hash of its
// text, moved on to the next free colour when two series of one chart would clash.
import { AGE_BANDS, DISTRICTS, ETHNICITIES, OFFENCE_GROUPS, ROSH_LEVELS, SEXES } from './codebook.ts';
import { SAFE_PALETTE } from './figure.ts';

/** Unknown and Not stated are not a category to compare: a neutral grey wherever they appear. */
export const UNKNOWN_COLOUR = '#8a94a3';
/** The grey behind the hatch of a suppressed share. */
export const SUPPRESSED_COLOUR = '#e3e6ea';

const ORDERED: ReadonlyArray<readonly string[]> = [
  SEXES,
  AGE_BANDS,
  ETHNICITIES,
  OFFENCE_GROUPS,
  DISTRICTS,
  ROSH_LEVELS,
];
const NEUTRAL = new Set(['Unknown', 'Not stated']);

function codebookIndex(label: string): number | null {
  for (const list of ORDERED) {
    const index = list.indexOf(label);
    if (index >= 0) return index;
  }
  return null;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** The preferred colour of one category label, before clashes within a chart are resolved. */
export function categoryColour(label: string): string {
  if (NEUTRAL.has(label)) return UNKNOWN_COLOUR;
  const index = codebookIndex(label) ?? hash(label);
  return SAFE_PALETTE[index % SAFE_PALETTE.length] ?? SAFE_PALETTE[0];
}

/** Colours of the categories drawn together: each its own colour, distinct while the palette lasts. */
export function categoryColours(labels: readonly string[]): string[] {
  const used = new Set<string>();
  return labels.map((label) => {
    let colour = categoryColour(label);
    if (colour !== UNKNOWN_COLOUR && used.has(colour) && used.size < SAFE_PALETTE.length) {
      let i = SAFE_PALETTE.indexOf(colour as (typeof SAFE_PALETTE)[number]);
      while (used.has(colour)) {
        i = (i + 1) % SAFE_PALETTE.length;
        colour = SAFE_PALETTE[i] ?? colour;
      }
    }
    used.add(colour);
    return colour;
  });
}
