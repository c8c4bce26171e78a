// A persons table of offenders over needs alone (accommodation), published after a needs matrix and
// an output over accommodation by education, training and employment: the release model takes that
// output and the matrix's squares nearest the new table first, newest first (accommodation with
// attitudes, with thinking: four fields, the most one check takes), so the matrix's other squares
// over accommodation no longer fit beside them and are left out of the new table's protection. The
// needs audit reads outputs over needs alone only with a matrix's squares, so nothing checks them
// with the new table, and the analyst was not told. Exported through the real dispatcher on a real
// workspace: the export's result names the matrix, with what to do, and not the output linked in
// full. Where the matrix is published after an output over needs, the needs audit reads that output
// with every square, so nothing of it is named there.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFigureCsv, generated, openWorld, saveTableFigures, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

const EARLIER = 'Accommodation by employment';
const NEEDS_NOTE = 'over needs alone';

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('offenders', await generated(world, 'offenders', 1500, 5));
  await saveTableFigures(world, {
    [EARLIER]: { cohort: 'offenders', measure: 'persons', rows: ['need_accommodation'], cols: ['need_ete'] },
    'Accommodation need': { cohort: 'offenders', measure: 'persons', rows: ['need_accommodation'] },
  });
  await world.dispatcher.call('figures.save', {
    figure: {
      name: 'Needs together',
      title: 'Needs together',
      chart: 'heatmap',
      query: { cohort: 'needs', measure: 'persons' },
    },
  });
}, 300_000);
afterAll(async () => world?.close());

describe('a table over needs alone crowded out by a needs matrix', () => {
  it('is not named while the needs audit reads it with the squares', async () => {
    await world.dispatcher.call('releases.start', { name: 'Output over needs first' });
    await exportFigureCsv(world, EARLIER, world.file('earlier-first.csv'));
    const out = await exportFigureCsv(world, 'Needs together', world.file('matrix.csv'));
    const notes = out.unlinked.map((u) => u.note);
    expect(notes.filter((n) => n.includes(NEEDS_NOTE))).toEqual([]);
    expect(notes.filter((n) => n.includes(`‘${EARLIER}’`))).toEqual([]);
  }, 600_000);

  it('is named, with what to do, when a later table over needs is published beside the squares', async () => {
    await world.dispatcher.call('releases.start', { name: 'Needs matrix first' });
    await exportFigureCsv(world, 'Needs together', world.file('matrix-first.csv'));
    await exportFigureCsv(world, EARLIER, world.file('earlier.csv'));
    const path = world.file('accommodation.csv');
    const out = await exportFigureCsv(world, 'Accommodation need', path);
    const notes = out.unlinked.map((u) => u.note);
    const named = notes.filter((n) => n.startsWith('Not protected together with ‘Needs together’'));
    expect(named.length, notes.join('\n')).toBe(1);
    const note = named[0]!;
    // Linked in full ahead of the squares, the output over accommodation by employment is protected with it.
    expect(notes.filter((n) => n.startsWith(`Not protected together with ‘${EARLIER}’`))).toEqual([]);
    expect(note).toContain('that output (need_accommodation × need_emotional; need_accommodation × need_alcohol;');
    expect(note).toContain(NEEDS_NOTE);
    expect(note).toContain(`checked with this table first: ‘${EARLIER}’`);
    expect(note).toMatch(/publish this table in a new release \(Audit screen, or vso release start\)\.$/);
    const register = await world.dispatcher.call('publications.list', {});
    expect(register.publications.find((p) => p.title === 'Accommodation need')!.unlinked).toEqual(out.unlinked);
    expect(readFileSync(path, 'utf8')).not.toContain('Not protected together');
  }, 600_000);
});
