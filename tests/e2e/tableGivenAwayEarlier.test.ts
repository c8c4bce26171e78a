// A table export whose small counts an earlier output of the release already narrowed, in a real
// Chromium over the loopback bridge. The register is crafted as if ‘One ethnic group by district’
// had printed a district with 1 to 4 victims of one ethnicity (found from the generated extract
// itself, not through the app); the saved figure of district × sex under the same filter hides
// those cells but cannot take back what was printed. The export form's chart preview warns
// before the export, naming the output; so does the table's, once CSV is chosen, which says how
// many cells the file hides and writes and registers nothing; the file names no output.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETHNICITIES } from '../../shared/codebook.ts';
import { saveFigure } from '../../src-main/store/figures.ts';
import { openRelease, publicationsOf } from '../../src-main/store/publications.ts';
import { openWorkspaceFromStart, startApp, type RunningApp } from '../helpers/app.ts';
import { hiddenInnerCells } from '../helpers/csvMarks.ts';
import { recordPrintedDistricts } from '../helpers/printedDistricts.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';
import { fillSavePath } from '../helpers/savePath.ts';

const EARLIER_TITLE = 'One ethnic group by district';
const FIGURE = 'District by sex, one ethnic group';

let running: RunningApp;
let fixture: FixtureWorkspace;

/** Victims per district of each ethnicity, counted from the extract's rows. */
function districtsByEthnicity(csv: string): Map<string, Map<string, number>> {
  const rows = parse(readFileSync(csv, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
  const counts = new Map<string, Map<string, number>>();
  for (const { ethnicity, district } of rows) {
    const byDistrict = counts.get(ethnicity!) ?? new Map<string, number>();
    byDistrict.set(district!, (byDistrict.get(district!) ?? 0) + 1);
    counts.set(ethnicity!, byDistrict);
  }
  return counts;
}

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 3000 }, seed: 11 });
  running = await startApp({ width: 1440, height: 1000 });
}, 120_000);

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

describe('a table whose small counts an earlier output gave away', () => {
  it('is warned of in the export form, before the export, and not in the file', async () => {
    const counts = districtsByEthnicity(join(fixture.dir, 'victims.csv'));
    const ethnicity = ETHNICITIES.find((e) => [...(counts.get(e)?.values() ?? [])].some((n) => n >= 1 && n <= 4));
    expect(ethnicity).toBeDefined();
    const filters = [{ kind: 'in' as const, field: 'ethnicity', in: [ethnicity!] as string[] }];

    const { page } = running;
    await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
    const session = running.app.services.session;
    let exported = '';
    // The test's own writes wait their turn in the app's write queue, as the app's do.
    await session.exclusive(async () => {
      const db = session.current().db;
      exported = recordPrintedDistricts(db, {
        title: EARLIER_TITLE,
        destination: join(fixture.dir, 'districts.csv'),
        filters,
        counts: counts.get(ethnicity!)!,
      });
      const query = {
        cohort: 'victims',
        filters,
        rows: ['district'],
        cols: ['sex'],
        measure: 'records' as const,
        percent: 'none' as const,
        stats: false,
        disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false },
      };
      saveFigure(db, { name: FIGURE, title: FIGURE, notes: '', chart: 'bar', query }, null, false);
    });
    const named = `from what ‘${EARLIER_TITLE}’, exported ${exported}, published before it`;

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Report' }).click();
    await page.getByRole('button', { name: `Export ${FIGURE}` }).click();
    // The chart's preview: the warning is there before anything is exported.
    const before = page.getByTestId('given-away-earlier');
    await before.waitFor({ timeout: 120_000 });
    expect(await before.textContent()).toContain(named);
    await running.screenshot('export-given-away-earlier');

    /** The register's entries and the files beside the workspace: what an export leaves. */
    const left = async () =>
      session.exclusive(async () => ({
        register: publicationsOf(session.current().db, openRelease(session.current().db)!.id).map((p) => p.title),
        files: readdirSync(fixture.dir).filter((f) => !f.startsWith(basename(fixture.path))),
      }));
    const untouched = await left();
    expect(untouched.register).toEqual([EARLIER_TITLE]);

    // A table has no chart to preview: its own preview warns, before the export is pressed.
    await page.getByRole('radiogroup', { name: 'Format' }).getByRole('radio', { name: 'CSV table' }).click();
    const tablePreview = page.getByRole('region', { name: 'What the table export hides' });
    const warned = tablePreview.getByTestId('given-away-earlier');
    await warned.waitFor({ timeout: 120_000 });
    expect(await warned.textContent()).toContain(named);
    const hidden = await tablePreview.getByTestId('table-preview-hidden').textContent();
    await running.screenshot('table-export-given-away-earlier');
    const out = join(fixture.dir, 'district by sex.csv');
    expect(existsSync(out)).toBe(false);
    expect(await left()).toEqual(untouched);

    await fillSavePath(page.locator('#figure-export-path'), out);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByTestId('export-written').waitFor({ timeout: 120_000 });
    expect((await left()).register.sort()).toEqual([FIGURE, EARLIER_TITLE].sort());
    // And under the file written, what the export itself found: the preview is asked again of
    // the release this file joined, so it alone would not describe the file.
    const underResult = page.getByRole('list', { name: 'Warnings' });
    expect(await underResult.textContent()).toContain(named);

    const file = readFileSync(out, 'utf8');
    expect(file).not.toContain(EARLIER_TITLE);
    expect(file).not.toContain('can already be narrowed');
    // The count the form gave before the export is the file's.
    expect(hidden).toMatch(/^\d+ of the table’s cells are hidden/);
    expect(hidden).toContain(`${hiddenInnerCells(file)} of the table’s cells are hidden`);
  }, 300_000);
});
