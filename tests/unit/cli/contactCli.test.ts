// The contact for published statistics from the command line, as real `vso` processes on a
// real workspace file: shown, set (then printed on the cover of `vso export table`'s XLSX,
// read back from disk), cleared, and refused when asked for both at once.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVso } from '../../helpers/cli.ts';
import { PASSPHRASE, generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';
import { writeFileSync } from 'node:fs';

let world: ReportWorld;
let file: string;
const CONTACT = 'Police analysts, stats@example.police.uk';

const vso = (args: string[]) => runVso(args, { VSO_PASSPHRASE: PASSPHRASE }, 120_000);

beforeAll(async () => {
  world = await openWorld();
  file = world.file('team.vsow');
  await world.importFile('victims', await generated(world, 'victims', 500, 7));
  await world.dispatcher.call('workspace.close', {});
});
afterAll(async () => world?.close());

async function coverContact(path: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const cover = workbook.getWorksheet('Cover')!;
  const at = cover.getColumn(1).values.indexOf('Contact');
  expect(at).toBeGreaterThan(1);
  return String(cover.getCell(at + 1, 1).value);
}

describe('vso workspace contact', () => {
  it('shows, sets and clears the contact that the XLSX cover prints', async () => {
    expect(vso(['workspace', 'contact', file]).stdout).toBe('Contact: not set.\n');
    const set = vso(['--json', 'workspace', 'contact', file, '--set', CONTACT]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ contact: CONTACT, changed: true });

    const spec = world.file('spec.json');
    writeFileSync(spec, JSON.stringify({ cohort: 'victims', rows: ['sex'], cols: [] }));
    const out = world.file('by-sex.xlsx');
    expect(vso(['export', 'table', file, '--spec', spec, '--out', out]).code).toBe(0);
    expect(await coverContact(out)).toBe(CONTACT);

    expect(vso(['workspace', 'contact', file, '--set', CONTACT, '--clear']).code).toBe(2);
    expect(vso(['workspace', 'contact', file, '--clear']).stdout).toBe('Contact: not set.\n');
    expect(vso(['workspace', 'contact', file]).stdout).toBe('Contact: not set.\n');
  });
});
