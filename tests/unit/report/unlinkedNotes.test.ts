// What the app tells the analyst when a table could not be protected together with an earlier
// output of its release, through the real dispatcher on a real workspace: victims (distinct
// persons) by district, sex and offence group exported, then the same cells counting records.
// Records and persons of three fields are not one table with margins, and too many finest
// cells for the joint LP, so the persons table is left out of the records table's protection.
// The export's result says so (and its preview, before anything is written), the register keeps
// it with the output, and no file written carries it: advice for the analyst is never published.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuerySpecInput } from '../../../shared/query.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

const spec = (measure: 'records' | 'persons'): QuerySpecInput => ({
  cohort: 'victims',
  rows: ['district', 'sex'],
  cols: ['offence_group'],
  filters: [{ field: 'financial_year', in: ['2022/23'] }],
  measure,
});

async function saveFigure(name: string, measure: 'records' | 'persons'): Promise<void> {
  await world.dispatcher.call('figures.save', {
    figure: { name, title: name, chart: 'table', query: spec(measure) },
    overwrite: true,
  });
}

/** Every text of every sheet of a workbook, one string. */
async function workbookText(path: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const texts: string[] = [];
  workbook.eachSheet((sheet) => {
    texts.push(sheet.name);
    sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.text))));
  });
  return texts.join('\n');
}

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 29));
}, 300_000);
afterAll(async () => world?.close());

describe('tables the release could not link', () => {
  it('are named to the analyst in the export, its preview and the register, and never in the files', async () => {
    await saveFigure('Victims (persons)', 'persons');
    await saveFigure('Victims (records)', 'records');
    const personsFile = world.file('persons.csv');
    const first = await world.dispatcher.call('export.figure', {
      name: 'Victims (persons)',
      format: 'csv',
      path: personsFile,
    });
    // Nothing earlier in the release: nothing left out.
    expect(first.unlinked).toEqual([]);

    const preview = await world.dispatcher.call('figure.previewSvg', { name: 'Victims (records)' });
    const recordsFile = world.file('records.xlsx');
    const second = await world.dispatcher.call('export.figure', {
      name: 'Victims (records)',
      format: 'xlsx',
      path: recordsFile,
    });
    expect(second.unlinked).toHaveLength(1);
    const [note] = second.unlinked;
    expect(note!.table).toBe('the table of victims by District and Sex and Offence group');
    // What was not linked, why, and what to do.
    expect(note!.note).toMatch(
      /^Not protected together with ‘Victims \(persons\)’, exported \d{4}-\d{2}-\d{2} \(persons\)/,
    );
    expect(note!.note).toContain('not one table with margins');
    expect(note!.note).toMatch(/publish .*or in a new release\.$/);
    // The preview warns before anything is written.
    expect(preview.unlinked).toEqual(second.unlinked);

    const register = await world.dispatcher.call('publications.list', {});
    expect(register.publications.map((p) => [p.title, p.unlinked])).toEqual([
      ['Victims (records)', second.unlinked],
      ['Victims (persons)', []],
    ]);

    // Advice for the analyst, not for publication: neither file, nor the preview, nor the footnote.
    const published = [
      readFileSync(personsFile, 'utf8'),
      await workbookText(recordsFile),
      preview.svg,
      ...preview.footnote,
      ...second.footnote,
    ];
    for (const text of published) {
      expect(text).not.toContain('Not protected together');
      expect(text).not.toContain('finest cells');
    }
  }, 600_000);

  it('are named in a report pack’s result and register entry, and in none of its files', async () => {
    await world.dispatcher.call('releases.start', { name: 'Pack release' });
    await world.dispatcher.call('reports.save', {
      report: {
        name: 'Both measures',
        items: [
          { kind: 'figure', name: 'Victims (persons)' },
          { kind: 'figure', name: 'Victims (records)' },
        ],
      },
    });
    const pack = await world.dispatcher.call('report.build', { name: 'Both measures', outDir: world.file('pack') });
    expect(pack.ok).toBe(true);
    expect(pack.unlinked).toEqual([
      {
        table: 'the table of victims by District and Sex and Offence group',
        note: expect.stringMatching(/^Not protected together with an earlier table of this export \(persons\)/),
      },
    ]);
    const register = await world.dispatcher.call('publications.list', {});
    expect(register.publications.map((p) => [p.title, p.unlinked])).toEqual([['Both measures', pack.unlinked]]);

    const texts = pack.files.filter((f) => ['.csv', '.svg', '.html', '.xlsx'].includes(extname(f.path)));
    expect(texts.map((f) => extname(f.path)).sort()).toEqual(expect.arrayContaining(['.csv', '.html', '.xlsx']));
    for (const file of texts) {
      const text = file.path.endsWith('.xlsx') ? await workbookText(file.path) : readFileSync(file.path, 'utf8');
      expect(text, file.path).not.toContain('Not protected together');
      expect(text, file.path).not.toContain('finest cells');
    }
  }, 600_000);
});
