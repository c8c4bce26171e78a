// A synthetic suspect's outcome date, made from the record itself rather than drawn from the
// generator's random stream, so that adding it changed no other value of any record. Days to
// outcome follow an exponential of mean 60 (charges are quicker: mean 40); a case still under
// investigation, or whose outcome would fall after the extract's last day, has none.
import { SPAN_DAYS, SPAN_START } from './cohortProfiles.ts';
import type { GeneratedRecord } from './records.ts';

const DAY_MS = 86_400_000;
const LAST_DAY = SPAN_START + (SPAN_DAYS - 1) * DAY_MS;

/** FNV-1a of the text, as a fraction in [0, 1). */
function fraction(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

export function syntheticOutcomeDate(record: GeneratedRecord): string | null {
  const outcome = record.fields.outcome_group;
  if (outcome === undefined || outcome === null || outcome === 'Under investigation') return null;
  const mean = outcome === 'Charge or summons' ? 40 : 60;
  const days = Math.min(720, Math.round(-mean * Math.log(1 - fraction(`${record.person.ref}|${record.date}`))));
  const at = Date.parse(`${record.date}T00:00:00Z`) + days * DAY_MS;
  return at > LAST_DAY ? null : new Date(at).toISOString().slice(0, 10);
}
