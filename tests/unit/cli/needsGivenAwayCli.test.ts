// `vso export table` of needs together over a crafted register (tests/helpers/givenAwayRegister.ts)
// whose earlier output ‘Finance and lifestyle’ hides a count its other output already gives
// away: a real process, a real workspace; the command warns the analyst of it, and the file it writes does not say it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVso } from '../../helpers/cli.ts';
import { buildGivenAwayWorkspace, PAIR_TITLE } from '../../helpers/givenAwayRegister.ts';

const PASS = 'cli needs given away passphrase';
let dir: string;
let file: string;
let exported: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-cli-given-away-'));
  ({ path: file, exported } = await buildGivenAwayWorkspace(dir, PASS));
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('vso export table of needs together', () => {
  it('warns of an earlier output given away, which the file does not name', () => {
    const spec = join(dir, 'needs.json');
    writeFileSync(spec, JSON.stringify({ cohort: 'needs', measure: 'persons' }));
    const out = join(dir, 'needs.csv');
    const run = runVso(
      ['export', 'table', file, '--spec', spec, '--out', out],
      { VSO_PASSPHRASE: PASS, VSO_CONFIG_DIR: dir },
      480_000,
    );
    expect(run.code, run.stderr).toBe(0);
    const warning = `A hidden small count of ‘${PAIR_TITLE}’, exported ${exported}, can already be narrowed to within the protection from what this release published`;
    expect(run.stdout).toContain(`WARNING: ${warning}`);
    expect(readFileSync(out, 'utf8')).not.toContain(warning);
    expect(readFileSync(out, 'utf8')).not.toContain('hidden small count');
  }, 600_000);
});
