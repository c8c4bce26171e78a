// A table the release model has no room for beside the tables linked first to break a cycle is
// left out of the new table's protection, and the analyst was not told. Month by age band, then
// age band by ethnicity, then women by ethnicity; then month by ethnicity closes the cycle month,
// age band, ethnicity, broken by linking one of its tables in full (2,592 finest cells each; the
// first listed wins the tie). The women's table shares ethnicity with the new one and fits with it
// alone (576 finest cells), but its margin no longer fits beside the cycle's table (5,184, past
// 5,000). Exported through the real dispatcher on a real workspace, the export's result names it,
// the register keeps the note with the output, and the file carries none of it: advice for the
// analyst is never published.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFigureCsv, generated, openWorld, saveTableFigures, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 29));
}, 300_000);
afterAll(async () => world?.close());

describe('a table crowded out of the release model', () => {
  it('is named in the export result and the register, with what to do, and not in the file', async () => {
    await saveTableFigures(world, {
      'Month by age': { rows: ['month'], cols: ['age_band'] },
      'Age by ethnicity': { rows: ['age_band'], cols: ['ethnicity'] },
      'Women by ethnicity': { rows: ['ethnicity'], filters: [{ kind: 'in', field: 'sex', in: ['Female'] }] },
      'Month by ethnicity': { rows: ['month'], cols: ['ethnicity'] },
    });
    await world.dispatcher.call('releases.start', { name: 'Crowded out' });
    for (const name of ['Month by age', 'Age by ethnicity', 'Women by ethnicity'])
      await exportFigureCsv(world, name, world.file(`${name}.csv`));
    const path = world.file('Month by ethnicity.csv');
    const out = await exportFigureCsv(world, 'Month by ethnicity', path);
    const crowded = out.unlinked.filter((u) => u.note.includes('would fit one check with this table alone'));
    expect(crowded.length, out.unlinked.map((u) => u.note).join('\n')).toBeGreaterThan(0);
    for (const { note } of crowded) {
      expect(note).toMatch(/^Not protected together with /);
      expect(note).toMatch(/combinations of categories, more than one check takes \(5000\)/);
      expect(note).toMatch(
        /publish this table in a new release .*, or publish it without one of its fields \(month, ethnicity\)/,
      );
    }
    const register = await world.dispatcher.call('publications.list', {});
    expect(register.publications.find((p) => p.title === 'Month by ethnicity')!.unlinked).toEqual(out.unlinked);
    expect(crowded.map((u) => u.note).join(' ')).toContain('‘Women by ethnicity’');
    const file = readFileSync(path, 'utf8');
    expect(file).not.toContain('Not protected together');
    expect(file).not.toContain('would fit one check');
  }, 600_000);
});
