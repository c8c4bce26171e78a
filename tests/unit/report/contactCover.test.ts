// The workspace's contact for published statistics: set through the API, kept in the encrypted
// file, and printed on the cover of every spreadsheet read back from disk (a figure's XLSX and
// the report pack's tables.xlsx, whose cover is titled by the pack); a cover without one says so.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.ts';
import { districtFigure } from './figureSpecs.ts';
import { generated, openWorld, PASSPHRASE, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;
const CONTACT = 'Community Safety Analysts, analysts@example.gov.uk';
const PACK = 'Annual needs assessment 2026';

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 2000, 31));
  await world.dispatcher.call('figures.save', { figure: districtFigure('districts') });
  await world.dispatcher.call('reports.save', {
    report: { name: PACK, items: [{ kind: 'figure', name: 'districts' }] },
  });
});
afterAll(async () => world?.close());

/** The cover's A1 and the line under its "Contact" heading. */
async function cover(path: string): Promise<{ title: string; contact: string }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet('Cover');
  if (!sheet) throw new Error(`${path} has no Cover sheet`);
  let contact = '';
  sheet.eachRow((row, n) => {
    if (row.getCell(1).value === 'Contact') contact = String(sheet.getCell(n + 1, 1).value);
  });
  return { title: String(sheet.getCell('A1').value), contact };
}

async function exportXlsx(name: string): Promise<string> {
  const path = world.file(name);
  await world.dispatcher.call('export.figure', { name: 'districts', format: 'xlsx', path });
  return path;
}

describe('the contact on spreadsheet covers', () => {
  it('says clearly that no contact is set before one is given', async () => {
    expect(await world.dispatcher.call('workspace.contact', {})).toEqual({ contact: null });
    const { contact } = await cover(await exportXlsx('before.xlsx'));
    expect(contact).toMatch(/^Contact: not set\./);
  });

  it('prints the contact set through the API, and keeps it in the workspace file', async () => {
    const set = await world.dispatcher.call('workspace.setContact', { contact: `  ${CONTACT}  ` });
    expect(set).toEqual({ contact: CONTACT });
    expect((await cover(await exportXlsx('after.xlsx'))).contact).toBe(CONTACT);

    const path = join(world.dir, 'team.vsow');
    await world.dispatcher.call('workspace.close', {});
    await world.dispatcher.call('workspace.open', { path, passphrase: PASSPHRASE });
    expect(await world.dispatcher.call('workspace.contact', {})).toEqual({ contact: CONTACT });
    const { entries } = await world.dispatcher.call('audit.list', { action: 'settings.change' });
    expect(entries[0]?.detail).toEqual({ contact: CONTACT });
  });

  it('titles the report pack workbook by the pack and prints the contact on its cover', async () => {
    const out = world.file('pack');
    const result = await world.dispatcher.call('report.build', { name: PACK, outDir: out });
    const tables = result.files.find((f) => f.path.endsWith('tables.xlsx'));
    if (!tables) throw new Error('the pack has no tables.xlsx');
    expect(await cover(tables.path)).toEqual({ title: PACK, contact: CONTACT });
  });

  it('refuses a contact of several lines, and clears it when blank', async () => {
    const refused = await world.dispatcher.call('workspace.setContact', { contact: 'Team\nsecond line' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(refused) && refused.code).toBe('BAD_REQUEST');
    expect(await world.dispatcher.call('workspace.contact', {})).toEqual({ contact: CONTACT });
    expect(await world.dispatcher.call('workspace.setContact', { contact: '   ' })).toEqual({ contact: null });
    expect((await cover(await exportXlsx('cleared.xlsx'))).contact).toMatch(/^Contact: not set\./);
  });
});
