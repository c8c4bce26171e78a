// What the label clean-up costs: a workspace of N victims records (default a million) and a
// batch of 1,000 more; the clean-up after deleting that batch (its labels checked against the
// rest, stopping once all are found), the purge's check of every open label, a full scan of
// the table for scale, and the whole batch deletion. Medians of three; prints one JSON line.
//   npx tsx scripts/measureLabelCleanup.ts [rows]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixture } from '../src-main/sample/generator/generate.ts';
import { runImport } from '../src-main/import/runImport.ts';
import { deleteUnusedLabels, labelsUsedBy } from '../src-main/store/unusedLabels.ts';
import { Workspace } from '../src-main/store/workspace.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'vso-measure-labels-'));
try {
  const ws = Workspace.create(join(dir, 'labels.vsow'), 'measure label clean-up passphrase');
  const big = join(dir, 'big.csv');
  const small = join(dir, 'small.csv');
  await generateFixture({ cohort: 'victims', rows, seed: 1, dialect: 'canonical', out: big });
  await generateFixture({ cohort: 'victims', rows: 1000, seed: 2, dialect: 'canonical', out: small });
  await runImport(ws, { cohort: 'victims', path: big });
  const batch = await runImport(ws, { cohort: 'victims', path: small });
  const range = ws.db
    .prepare('SELECT first_row, last_row FROM import_batches WHERE id = ?')
    .raw()
    .get(batch.batchId) as [number, number];

  const ms = (work: () => unknown): number => {
    const start = performance.now();
    work();
    return Math.round(performance.now() - start);
  };
  const median = (times: number[]): number => times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
  /** Runs `work` in a transaction rolled back afterwards, three times. */
  const undone = (work: () => unknown): number =>
    median(
      [1, 2, 3].map(() =>
        ms(() => {
          ws.db.exec('BEGIN');
          try {
            work();
          } finally {
            ws.db.exec('ROLLBACK');
          }
        }),
      ),
    );
  const batchLabels = undone(() =>
    deleteUnusedLabels(
      ws.db,
      labelsUsedBy(ws.db, 'victims', 'WHERE id BETWEEN ? AND ? AND batch_id = ?', ...range, batch.batchId),
    ),
  );
  const allLabels = undone(() => deleteUnusedLabels(ws.db));
  const scan = median(
    [1, 2, 3].map(() => ms(() => ws.db.prepare('SELECT count(*) FROM victims WHERE date < ?').get('2000-01-01'))),
  );
  const deletion = ms(() => ws.deleteBatch(batch.batchId));
  process.stdout.write(
    `${JSON.stringify({ rows, batchLabelCleanupMs: batchLabels, allLabelsCleanupMs: allLabels, fullScanMs: scan, deleteBatchMs: deletion })}\n`,
  );
  ws.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
