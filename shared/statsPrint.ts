// How table statistics are printed, shared by the engine (which checks that a printed statistic
// cannot narrow a suppressed cell), the exports and the screen (which print exactly that).
// Levels go from full precision to coarse; the engine publishes the finest level that is safe.

export type PFormat = 'p3' | 'p2' | 'band';

export interface PrintLevel {
  /** Decimals of chi-square; null: not printed. */
  chi2: number | null;
  p: PFormat | null;
  /** Decimals of Cramér's V; null: not printed. */
  cramersV: number | null;
}

export const PRINT_LEVELS: readonly PrintLevel[] = [
  { chi2: 3, p: 'p3', cramersV: 3 },
  { chi2: 1, p: 'p3', cramersV: 2 },
  { chi2: 0, p: 'p2', cramersV: 2 },
  { chi2: null, p: 'band', cramersV: 1 },
  { chi2: null, p: 'band', cramersV: null },
];

export const FULL_PRECISION: PrintLevel = PRINT_LEVELS[0]!;

export interface PrintedStats {
  chi2: string | null;
  p: string | null;
  cramersV: string | null;
}

export function formatP(p: number, format: PFormat): string {
  if (format === 'p3') return p < 0.001 ? '< 0.001' : p.toFixed(3);
  if (format === 'p2') return p < 0.01 ? '< 0.01' : p.toFixed(2);
  if (p < 0.001) return '< 0.001';
  if (p < 0.01) return '< 0.01';
  if (p < 0.05) return '< 0.05';
  return '≥ 0.05';
}

export function printStats(values: { chi2: number; p: number; cramersV: number }, level: PrintLevel): PrintedStats {
  return {
    chi2: level.chi2 === null ? null : values.chi2.toFixed(level.chi2),
    p: level.p === null ? null : formatP(values.p, level.p),
    cramersV: level.cramersV === null ? null : values.cramersV.toFixed(level.cramersV),
  };
}

export function samePrint(a: PrintedStats, b: PrintedStats): boolean {
  return a.chi2 === b.chi2 && a.p === b.p && a.cramersV === b.cramersV;
}

/** The number a printed value stands for; null for a bound such as "< 0.001" or nothing printed. */
export function printedNumber(text: string | null): number | null {
  return text === null || !/^-?\d+(\.\d+)?$/.test(text) ? null : Number(text);
}
