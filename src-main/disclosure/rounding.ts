// Rounding of published counts: each cell and each total to the nearest multiple of the base on
// its own (so rounded cells need not add up to the rounded total), after suppression.
export function roundToBase(value: number, base: number | null): number {
  if (base === null || base <= 1) return value;
  return Math.round(value / base) * base;
}

export function roundPublished(value: number | null, base: number | null): number | null {
  return value === null ? null : roundToBase(value, base);
}
