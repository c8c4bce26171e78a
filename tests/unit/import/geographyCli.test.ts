// `vso geography` run as a real process: a wrong file refused (exit 1, the file and its columns
// named), the generated ONS lookup imported with --json, `show` reporting it, and then
// `vso import --context` deriving the districts of a street-crime file with only LSOA codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVso } from '../../helpers/cli.ts';
import { writeLsoaLookup } from '../../../src-main/sample/generator/lsoaLookup.ts';
import { LSOA_COUNTS } from '../../../src-main/sample/generator/personPool.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { streetCrimeCsv } from '../../helpers/streetCrime.ts';
import { PASSPHRASE, TempDir } from './importTestKit.ts';

const dir = new TempDir();
let file: string;
beforeAll(() => {
  file = dir.file('geo-cli.vsow');
  Workspace.create(file, PASSPHRASE).close();
});
afterAll(() => dir.remove());

const vso = (args: string[]) => runVso(args, { VSO_PASSPHRASE: PASSPHRASE });

describe('vso geography', () => {
  it('refuses a file with no LSOA code column, naming the file and its columns', () => {
    const wrong = dir.write('wrong-lookup.csv', 'OA11CD,LAD19CD\nE00000001,E07000010\n');
    const run = vso(['geography', 'import', file, '--input', wrong]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/wrong-lookup\.csv has no LSOA code column: .*\(its columns: OA11CD, LAD19CD\)/);
  });

  it('imports the ONS lookup, says what it holds, and context imports derive districts from LSOA codes', async () => {
    const lookup = dir.file('LSOA11_LAD19.csv');
    await writeLsoaLookup(lookup);
    const run = vso(['--json', 'geography', 'import', file, '--input', lookup]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { lookup: Record<string, unknown>; replaced: number };
    expect(result.replaced).toBe(0);
    expect(result.lookup).toMatchObject({
      fileName: 'LSOA11_LAD19.csv',
      lsoaColumn: 'LSOA11CD',
      districtColumn: 'LAD19CD',
      lsoas: 500,
      outsideArea: 16,
      districts: LSOA_COUNTS,
    });

    const show = vso(['geography', 'show', file]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/Geography lookup from LSOA11_LAD19\.csv .*: 500 LSOAs of the six districts/);
    expect(show.stdout).toMatch(/16 row\(s\) for districts outside Cambridgeshire and Peterborough were ignored/);

    const street = dir.write('street-codes.csv', streetCrimeCsv(250, { lsoaNames: false }));
    const context = vso(['import', file, '--context', 'street_codes', '--input', street]);
    expect(context.code).toBe(0);
    // The lookup holds every LSOA of the six districts: the code it lacks lies outside them.
    expect(context.stdout).toMatch(
      /District from "LSOA code": Fenland 50, Peterborough 50, Cambridge 50, Huntingdonshire 50, Outside area 50\./,
    );
    expect(context.stdout).not.toMatch(/warning/);
  });
});
