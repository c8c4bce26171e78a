// Three exports of one release that form a cycle of fields (LSOA × sex, then sex × age band,
// then LSOA × age band), through the real dispatcher on a real encrypted workspace: their
// combinations are beyond what the release links in full per export, so the first two reach the
// third only by their margins, which an intruder who reads all three can beat (the cube behind
// them bounds more than the margins say; releaseCycleBeyondCap.test.ts shows a count so
// narrowed). The third export is refused, saying what to do, and writes no file and no entry;
// the same table in a new release is exported.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuerySpec } from '../../../shared/query.ts';
import { exportFigureCsv, generated, openWorld, saveTableFigures, type ReportWorld } from './reportTestKit.ts';

const FIGURES: Record<string, Partial<QuerySpec>> = {
  'Victims by LSOA and sex': { rows: ['lsoa'], cols: ['sex'] },
  'Victims by sex and age band': { rows: ['sex'], cols: ['age_band'] },
  'Victims by LSOA and age band': { rows: ['lsoa'], cols: ['age_band'] },
};
const [FIRST, SECOND, THIRD] = Object.keys(FIGURES) as [string, string, string];

let world: ReportWorld;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 7));
  await saveTableFigures(world, FIGURES);
}, 300_000);
afterAll(async () => world?.close());

const exportFigure = (name: string, path: string) => exportFigureCsv(world, name, path);

describe('a release whose exports form a cycle of fields too large to link in full', () => {
  it('refuses the export that closes the cycle, and exports it in a new release', async () => {
    await world.dispatcher.call('releases.start', { name: 'Cycle' });
    await exportFigure(FIRST, world.file('first.csv'));
    await exportFigure(SECOND, world.file('second.csv'));
    await expect(exportFigure(THIRD, world.file('third.csv'))).rejects.toMatchObject({
      code: 'DISCLOSURE_REQUIRED',
      message: expect.stringMatching(new RegExp(`‘${FIRST}’.*‘${SECOND}’|‘${SECOND}’.*‘${FIRST}’`)),
    });
    expect(existsSync(world.file('third.csv'))).toBe(false);
    const titles = (await world.dispatcher.call('publications.list', {})).publications.map((p) => p.title);
    expect(titles.sort()).toEqual([FIRST, SECOND].sort());

    await world.dispatcher.call('releases.start', { name: 'Next' });
    await exportFigure(THIRD, world.file('third.csv'));
    expect(existsSync(world.file('third.csv'))).toBe(true);
  }, 600_000);
});
