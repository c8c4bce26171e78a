// A saved profile is offered when a file with the same columns comes again: profiles saved by
// real imports into a real encrypted workspace, then asked for with the same, reordered,
// widened and renamed header rows, and for another cohort.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyProfile, loadProfile, profilesWithHeaders } from '../../../src-main/import/profile.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { createWorkspace, TempDir } from './importTestKit.ts';

const dir = new TempDir();
let ws: Workspace;
let n = 0;
beforeEach(() => {
  ws = createWorkspace(dir, `offer-${++n}.vsow`);
});
afterEach(() => ws.close());
afterAll(() => dir.remove());

const HEADERS = ['Offence Date', 'Gender', 'District Name', 'Crime Type'];

async function saveFrom(headers: string[], cohort: 'victims' | 'offenders', name: string): Promise<void> {
  const path = dir.write(`${name}.csv`, [headers.join(','), '01/05/2021,F,Fenland,Theft'].join('\n'));
  await runImport(ws, { cohort, path, saveProfileAs: name, onDuplicateFile: 'import' });
}

describe('the saved profile offered for the same header row', () => {
  it('offers the profiles of the cohort saved from a file with the same columns, in any order', async () => {
    await saveFrom(HEADERS, 'victims', 'Police victims');
    await saveFrom([...HEADERS, 'Hate Flag'], 'victims', 'Police victims with flags');
    await saveFrom(HEADERS, 'offenders', 'Probation offenders');
    // The second reading: what each profile was saved from, straight from the workspace.
    expect(loadProfile(ws.db, 'Police victims').headers).toEqual(HEADERS);

    expect(profilesWithHeaders(ws.db, 'victims', HEADERS)).toEqual(['Police victims']);
    expect(profilesWithHeaders(ws.db, 'victims', [...HEADERS].reverse())).toEqual(['Police victims']);
    expect(profilesWithHeaders(ws.db, 'victims', [...HEADERS, 'Hate Flag'])).toEqual(['Police victims with flags']);
    expect(profilesWithHeaders(ws.db, 'offenders', HEADERS)).toEqual(['Probation offenders']);
    expect(profilesWithHeaders(ws.db, 'suspects', HEADERS)).toEqual([]);
  });

  it('offers none for a header row that differs in one column or is shorter', async () => {
    await saveFrom(HEADERS, 'victims', 'Police victims');
    expect(profilesWithHeaders(ws.db, 'victims', ['Offence Date', 'Sex', 'District Name', 'Crime Type'])).toEqual([]);
    expect(profilesWithHeaders(ws.db, 'victims', HEADERS.slice(0, 3))).toEqual([]);
    expect(profilesWithHeaders(ws.db, 'victims', ['Offence Date', 'Offence Date', 'Gender', 'Crime Type'])).toEqual([]);
  });

  it('applies a profile saved with the age ranges kept as recorded: the range still goes to its band', async () => {
    const headers = ['Date', 'Gender', 'Age range'];
    const path = dir.write(
      'ranges.csv',
      [headers.join(','), '2019-08-01,Male,over 34', '2019-08-02,Female,18-24'].join('\n'),
    );
    await runImport(ws, {
      cohort: 'suspects',
      path,
      saveProfileAs: 'Searches',
      sourceBands: 'column',
      unmapped: 'unknown',
    });
    const saved = loadProfile(ws.db, 'Searches');
    // Saved as imported: the age range feeds the band and the range as recorded.
    expect(saved.columns.filter((c) => c.source === 'Age range').map((c) => c.target)).toEqual([
      'age_band',
      'age_band_as_recorded',
    ]);
    const { mapping } = applyProfile(saved, headers, ws.codebook());
    expect(mapping.columns.filter((c) => c.source === 'Age range').map((c) => c.target)).toEqual([
      'age_band',
      'age_band_as_recorded',
    ]);
    expect(mapping.columns.find((c) => c.source === 'Age range')?.target).toBe('age_band');
  });
});
