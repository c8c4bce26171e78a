// `vso workspace retention` and `vso workspace purge` as real processes: the period shown and
// set, what is due, the purge refused without confirmation, and its report of each kind.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runVso } from '../../helpers/cli.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { PASSPHRASE, insertBatch, tempDir } from './storeTestKit.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('vso-retention-cli-')));
afterAll(() => cleanup());

const vso = (args: string[]) => runVso(args, { VSO_PASSPHRASE: PASSPHRASE });

it('shows and sets the retention period, and purges every kind of row past it on --yes only', () => {
  const file = join(dir, 'r.vsow');
  const ws = Workspace.create(file, PASSPHRASE);
  const today = new Date().toISOString().slice(0, 10);
  const records = (prefix: string, n: number, date: string) =>
    Array.from({ length: n }, (_, i) => ({ personKey: `${prefix}${i}`, date }));
  insertBatch(ws.db, 'victims', records('V', 7, '2010-03-01'), {
    rejected: [{ raw: { 'Date Committed': '01/03/2010' }, date: '2010-03-01' }],
  });
  insertBatch(ws.db, 'offenders', [...records('O', 3, '2011-01-01'), ...records('N', 2, today)]);
  ws.close();

  const off = vso(['workspace', 'retention', file]);
  expect(off).toMatchObject({ code: 0, stdout: 'Retention is off: data is kept for ever.\n' });
  expect(vso(['workspace', 'purge', file, '--yes'])).toMatchObject({ code: 2 });

  const set = vso(['--json', 'workspace', 'retention', file, '--years', '5']);
  expect(set.code).toBe(0);
  const state = JSON.parse(set.stdout) as { years: number; due: Record<string, unknown> };
  expect(state).toMatchObject({
    years: 5,
    due: { records: { victims: 7, suspects: 0, offenders: 3 }, total: 10, rejectedRows: 1, rows: 11 },
  });
  expect(vso(['workspace', 'retention', file]).stdout).toMatch(
    /^Retention: 5 years after each date\. Dated before \d{4}-\d{2}-\d{2}: 7 victim, 0 suspect and 3 offender records; 1 rejected rows\.\n$/,
  );
  expect(vso(['workspace', 'retention', file, '--years', '0'])).toMatchObject({ code: 2 });

  // No terminal to confirm on: nothing happens without --yes.
  const unconfirmed = vso(['workspace', 'purge', file]);
  expect(unconfirmed.code).toBe(2);
  expect(unconfirmed.stderr).toMatch(/Add --yes to confirm/);

  const purged = vso(['workspace', 'purge', file, '--yes']);
  expect(purged.code).toBe(0);
  expect(purged.stdout).toMatch(/records: victims 7, suspects 0, offenders 3/);
  expect(purged.stdout).toMatch(/rejected rows: 1\n/);
  expect(purged.stdout).toMatch(/persons left with no record: 10\n/);
  const again = JSON.parse(vso(['--json', 'workspace', 'retention', file]).stdout) as { due: { rows: number } };
  expect(again.due.rows).toBe(0);

  const reopened = Workspace.open(file, PASSPHRASE);
  try {
    expect(reopened.info().counts).toEqual({ victims: 0, suspects: 0, offenders: 2 });
    expect(reopened.settings().retentionYears).toBe(5);
  } finally {
    reopened.close();
  }
});
