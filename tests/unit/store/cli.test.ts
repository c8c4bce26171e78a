// The `vso workspace`, `vso audit` and `vso batch` commands, run as real processes: output,
// JSON, exit codes (0, 1, 2 for usage, 3 for a wrong passphrase), passphrases from the
// environment only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVso } from '../../helpers/cli.ts';
import { openCipherDatabase } from '../../../src-main/store/cipherDatabase.ts';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/store/migrations/index.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { PASSPHRASE, insertBatch, tempDir } from './storeTestKit.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('vso-cli-')));
afterAll(() => cleanup());

const vso = (args: string[], env: Record<string, string> = {}) =>
  runVso(args, { VSO_PASSPHRASE: PASSPHRASE, VSO_NEW_PASSPHRASE: '', ...env });

describe('vso workspace / audit / batch', () => {
  it('creates a workspace and reports on it, in words and in JSON', () => {
    const file = join(dir, 'cli.vsow');
    const created = vso(['workspace', 'create', file]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(
      new RegExp(`^Created .*cli\\.vsow \\(schema version ${LATEST_SCHEMA_VERSION}\\)\\.\n$`),
    );

    const again = vso(['workspace', 'create', file]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/already exists/);

    const info = vso(['--json', 'workspace', 'info', file]);
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.stdout) as { schemaVersion: number; counts: Record<string, number> };
    expect(parsed).toMatchObject({
      schemaVersion: LATEST_SCHEMA_VERSION,
      counts: { victims: 0, suspects: 0, offenders: 0 },
    });
    expect(vso(['workspace', 'info', file]).stdout).toMatch(/Records\s+victims 0, suspects 0, offenders 0/);
  });

  it('exits 3 for a wrong passphrase, 2 for bad usage, 1 for a missing file', () => {
    const file = join(dir, 'cli.vsow');
    const wrong = vso(['workspace', 'info', file], { VSO_PASSPHRASE: 'not the right passphrase' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^vso: The passphrase does not open cli\.vsow/);
    expect(vso(['workspace', 'info']).code).toBe(2);
    expect(vso(['workspace', 'info', file, '--passphrase', PASSPHRASE]).code).toBe(2); // never an argument
    expect(vso(['workspace', 'info', join(dir, 'missing.vsow')]).code).toBe(1);
  });

  it('changes the passphrase from VSO_NEW_PASSPHRASE', () => {
    const file = join(dir, 'passwd.vsow');
    expect(vso(['workspace', 'create', file]).code).toBe(0);
    const next = 'the next long passphrase';
    expect(vso(['workspace', 'passwd', file]).code).toBe(2); // no new passphrase and no terminal
    expect(vso(['workspace', 'passwd', file], { VSO_NEW_PASSPHRASE: 'short' }).code).toBe(1);
    expect(vso(['workspace', 'passwd', file], { VSO_NEW_PASSPHRASE: next }).code).toBe(0);
    expect(vso(['workspace', 'info', file]).code).toBe(3);
    expect(vso(['workspace', 'info', file], { VSO_PASSPHRASE: next }).code).toBe(0);
  });

  it('backs up, checks, verifies the audit log and reports a broken link', () => {
    const file = join(dir, 'cli.vsow');
    const out = join(dir, 'cli-backup.vsow');
    const backup = vso(['workspace', 'backup', file, out]);
    expect(backup.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(vso(['--json', 'workspace', 'info', out]).code).toBe(0);

    const check = vso(['workspace', 'check', file]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/Audit log: intact/);

    const intact = vso(['audit', 'verify', file]);
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.stdout).toMatch(/^intact \(\d+ entries\)\n$/);

    const db = openCipherDatabase(file, PASSPHRASE);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET action = 'workspace.opem' WHERE id = 2`).run();
    db.close();
    const broken = vso(['audit', 'verify', file]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^broken at entry #2: /);
    const json = vso(['--json', 'audit', 'verify', file]);
    expect(JSON.parse(json.stdout)).toMatchObject({ intact: false, brokenAt: 2 });
    expect(vso(['workspace', 'check', file]).code).toBe(1);
  });

  it('deletes an import batch only when confirmed', () => {
    const file = join(dir, 'batches.vsow');
    const ws = Workspace.create(file, PASSPHRASE);
    insertBatch(ws.db, 'victims', [
      { personKey: 'A', date: '2023-01-01' },
      { personKey: 'B', date: '2023-01-02' },
    ]);
    const second = insertBatch(ws.db, 'victims', [{ personKey: 'C', date: '2023-02-01' }], { fileName: 'wrong.csv' });
    ws.close();

    const unconfirmed = vso(['batch', 'delete', file, String(second)]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(
      /Delete batch 2 \(victims, wrong\.csv\): 1 record\(s\) and 0 rejected row\(s\)\? Add --yes/,
    );

    const deleted = vso(['--json', 'batch', 'delete', file, String(second), '--yes']);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ deleted: true, batchId: 2, records: 1 });
    expect(JSON.parse(vso(['--json', 'workspace', 'info', file]).stdout)).toMatchObject({ counts: { victims: 2 } });
    expect(vso(['batch', 'delete', file, 'two', '--yes']).code).toBe(2);
    expect(vso(['audit', 'list', file, '--action', 'batch.delete']).stdout).toMatch(/batch\.delete .*wrong\.csv/);
  });
});
