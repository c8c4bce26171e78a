// The Victims' Code path of a victim's record: entitled to enhanced rights, then referred to
// services, then a service used. The field is the furthest step reached in that order, so a
// step's count is its category and every later one (the funnel), and a step's rate is that
// over the step before. An unknown answer on the way leaves the record Unknown.
import { SERVICES_STEPS, UNKNOWN } from '../../../shared/codebook.ts';
import type { CohortSnapshot, DimensionColumn } from '../snapshot.ts';
import { finishColumn } from './derivedColumn.ts';

const NOT_ENTITLED = 0;
const ENTITLED = 1;
const REFERRED = 2;
const USED = 3;
const UNKNOWN_CODE = SERVICES_STEPS.length + 1;

/** Per label of a column: 1 yes, 0 no, -1 unknown. */
function answers(column: DimensionColumn, yes: (label: string) => boolean): Int8Array {
  return Int8Array.from(column.labels, (label) => (label === UNKNOWN ? -1 : yes(label) ? 1 : 0));
}

export function deriveServicesFunnel(snapshot: CohortSnapshot): DimensionColumn[] {
  const rights = snapshot.dimensions.enhanced_rights;
  const referred = snapshot.dimensions.referred_to_services;
  const used = snapshot.dimensions.service_used;
  if (!rights || !referred || !used) return [];
  const entitledOf = answers(rights, (label) => label !== 'None');
  const referredOf = answers(referred, (label) => label === 'Yes');
  const usedOf = answers(used, (label) => label !== 'None');
  const steps = new Uint16Array(snapshot.rowCount);
  for (let i = 0; i < steps.length; i++) {
    const entitled = entitledOf[rights.codes[i] as number] as number;
    const wasReferred = referredOf[referred.codes[i] as number] as number;
    const wasUsed = usedOf[used.codes[i] as number] as number;
    let step: number;
    if (entitled !== 1) step = entitled === 0 ? NOT_ENTITLED : UNKNOWN_CODE;
    else if (wasReferred !== 1) step = wasReferred === 0 ? ENTITLED : UNKNOWN_CODE;
    else step = wasUsed === 1 ? USED : wasUsed === 0 ? REFERRED : UNKNOWN_CODE;
    steps[i] = step;
  }
  return [finishColumn({ name: 'services_step', kind: 'ordinal', open: false, labels: SERVICES_STEPS, codes: steps })];
}

/**
 * The funnel of a table of furthest steps (counts in SERVICES_STEPS order, from Entitled on):
 * each step's count with every later step's, and its share of the step before.
 */
export function funnelOf(stepCounts: readonly number[]): { step: string; count: number; rate: number | null }[] {
  const steps = SERVICES_STEPS.slice(ENTITLED);
  const reached = steps.map((_, k) => stepCounts.slice(k).reduce((a, b) => a + b, 0));
  return steps.map((step, k) => ({
    step,
    count: reached[k] as number,
    rate: k === 0 || reached[k - 1] === 0 ? null : (reached[k] as number) / (reached[k - 1] as number),
  }));
}
