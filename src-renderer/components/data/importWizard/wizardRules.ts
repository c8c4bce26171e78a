// What the check step still waits for: values with no destination, and age ranges coarser
// than the bands.
import type { ImportAnalysis, MappingDto } from '../../../../shared/contract/data.ts';

/** Unmapped values the analyst has not yet given a destination, per target column. */
export function pendingValues(analysis: ImportAnalysis | null, mapping: MappingDto | null, keepBands: boolean): number {
  if (!analysis || !mapping) return 0;
  let pending = 0;
  for (const d of analysis.valueDestinations) {
    if (keepBands && d.target === 'age_band') continue;
    for (const v of d.values) if (v.how === 'unmapped' && !mapping.recodes[d.target]?.[v.value]) pending++;
  }
  return pending;
}

/** The age band has values coarser than its bands (`over 34`) with no destination yet. */
export function hasCoarseBands(analysis: ImportAnalysis | null): boolean {
  return (
    analysis?.valueDestinations.some((d) => d.target === 'age_band' && d.values.some((v) => v.how === 'unmapped')) ??
    false
  );
}
