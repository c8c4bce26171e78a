// A hand-made suspects extract whose outcome dates are known: per offence group, so many
// records with an outcome date (timed) and so many without, one person each, all in Fenland.
import { writeFileSync } from 'node:fs';
import type { ReportWorld } from './reportTestKit.ts';

export const TIMED_GROUPS: Record<string, { timed: number; untimed: number }> = {
  Burglary: { timed: 30, untimed: 12 },
  Theft: { timed: 35, untimed: 9 },
  Robbery: { timed: 6, untimed: 2 },
  'Criminal damage and arson': { timed: 3, untimed: 0 },
};

/** A date as the extract writes it (dd/mm/yyyy), from days since 1970. */
function ukDate(days: number): string {
  const [y, m, d] = new Date(days * 86_400_000).toISOString().slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** Writes the extract into the world's folder and imports it; returns the records accepted. */
export async function importTimedSuspects(world: ReportWorld): Promise<number> {
  const lines = ['Person Ref,Offence Date,Outcome Date,Offence Group,Gender,District Name'];
  let person = 0;
  for (const [group, { timed, untimed }] of Object.entries(TIMED_GROUPS)) {
    for (let i = 0; i < timed + untimed; i++) {
      const offence = 18_700 + ((i * 37) % 300);
      const outcome = i < timed ? ukDate(offence + ((i * 13) % 200)) : '';
      lines.push(`P${++person},${ukDate(offence)},${outcome},${group},F,Fenland`);
    }
  }
  const path = world.file('suspects.csv');
  writeFileSync(path, lines.join('\n'));
  return world.importFile('suspects', path);
}
