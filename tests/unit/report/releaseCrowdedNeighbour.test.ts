// A table beside an earlier one it differs from by one filter, set aside because the tables
// linked before it filled the release's model (four fields), through the real dispatcher on a
// real encrypted workspace. The pair alone would fit, but the model holds neither it nor any
// part of it: published, the two subtracted cell by cell would give back the counts they differ
// by. The export is refused, naming the output it could not be checked with, and writes no file
// and no register entry; the same table in a new release is exported.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuerySpec } from '../../../shared/query.ts';
import { exportFigureCsv, generated, openWorld, saveTableFigures, type ReportWorld } from './reportTestKit.ts';

const BY = { rows: ['district'], cols: ['sex'] };
const FIGURES: Record<string, Partial<QuerySpec>> = {
  'Victims aged 25 to 34': { ...BY, filters: [{ kind: 'notIn', field: 'age_band', notIn: ['25-34'] }] },
  'Victims not White': { ...BY, filters: [{ kind: 'notIn', field: 'ethnicity', notIn: ['White'] }] },
  'Victims of violence': {
    ...BY,
    filters: [{ kind: 'notIn', field: 'offence_group', notIn: ['Violence against the person'] }],
  },
  'All victims': { ...BY },
};
const NAMES = Object.keys(FIGURES);
const OLDEST = NAMES[0]!;
const LAST = NAMES.at(-1)!;

let world: ReportWorld;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 11));
  await saveTableFigures(world, FIGURES);
}, 300_000);
afterAll(async () => world?.close());

const exportFigure = (name: string, path: string) => exportFigureCsv(world, name, path);

describe('a table beside an earlier one the release model had no room left for', () => {
  it('is refused, naming that output, and exported in a new release', async () => {
    await world.dispatcher.call('releases.start', { name: 'Crowded' });
    for (const name of NAMES.slice(0, -1)) await exportFigure(name, world.file(`${name}.csv`));
    await expect(exportFigure(LAST, world.file('last.csv'))).rejects.toMatchObject({
      code: 'DISCLOSURE_REQUIRED',
      message: expect.stringContaining(`‘${OLDEST}’`),
    });
    expect(existsSync(world.file('last.csv'))).toBe(false);
    const titles = (await world.dispatcher.call('publications.list', {})).publications.map((p) => p.title);
    expect(titles).not.toContain(LAST);

    await world.dispatcher.call('releases.start', { name: 'Next' });
    await exportFigure(LAST, world.file('last.csv'));
    expect(existsSync(world.file('last.csv'))).toBe(true);
  }, 600_000);
});
