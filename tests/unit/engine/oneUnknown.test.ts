// One Unknown in a context dataset: a blank cell and a literal "Unknown", "unknown", "N/K" or
// "Not known" are one category, in the store (empty), in the engine's dimension, and in a
// filter that leaves Unknown out (it removes every one of them). A dataset stored before this
// (a literal "Unknown" label in the middle of its categories) still shows one Unknown. The
// expected counts come from the file's own lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { inferContextColumns } from '../../../src-main/import/contextColumns.ts';
import { importContextDataset } from '../../../src-main/import/contextDataset.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { createWorkspace, TempDir } from '../import/importTestKit.ts';
import { querySpec } from './specs.ts';

const OUTCOMES = ['Charged', '', 'Unknown', 'Cautioned', 'unknown', 'N/K', 'Not known', 'Charged', '', 'Cautioned'];
const ROWS = 200;
const dir = new TempDir();
let ws: Workspace;
let engine: Engine;
const values = Array.from({ length: ROWS }, (_, i) => OUTCOMES[i % OUTCOMES.length] as string);
const unknowns = values.filter((v) => !['Charged', 'Cautioned'].includes(v)).length;

beforeAll(async () => {
  ws = createWorkspace(dir, 'unknown.vsow');
  const path = dir.write(
    'outcomes.csv',
    ['Outcome,Area', ...values.map((v, i) => `${v},${['North', 'South'][i % 2] as string}`)].join('\n'),
  );
  const inferred = await inferContextColumns(path);
  await importContextDataset(ws, { name: 'outcomes', path, columns: inferred.columns });
  engine = createEngine();
  await engine.loadFromStore(ws.db, ws.codebook());
});
afterAll(async () => {
  await engine?.dispose();
  ws?.close();
  dir.remove();
});

describe('one Unknown', () => {
  it('stores blanks and literal unknowns alike, and the engine shows one Unknown', async () => {
    expect(ws.db.prepare('SELECT count(*) AS n FROM ctx_outcomes WHERE outcome IS NULL').get()).toEqual({
      n: unknowns,
    });
    const labels = engine.snapshot('context:outcomes')?.dimensions.outcome?.labels ?? [];
    expect(labels.filter((l) => l.toLowerCase() === 'unknown')).toEqual(['Unknown']);
    const result = await engine.query(querySpec({ cohort: 'context:outcomes', rows: ['outcome'], disclosure: null }));
    const counts = Object.fromEntries(result.rows.keys.map(([k], i) => [k, result.counts[i]?.[0]]));
    expect(counts).toEqual({
      Charged: values.filter((v) => v === 'Charged').length,
      Cautioned: values.filter((v) => v === 'Cautioned').length,
      Unknown: unknowns,
    });
  });

  it('leaves every unknown out when Unknown is filtered out', async () => {
    const result = await engine.query(
      querySpec({
        cohort: 'context:outcomes',
        filters: [{ field: 'outcome', notIn: ['Unknown'] }],
        rows: ['area'],
        disclosure: null,
      }),
    );
    expect(result.total).toBe(ROWS - unknowns);
  });

  it('merges empty cells into a stored Unknown label wherever it sits (a dataset stored before)', async () => {
    const id = (ws.db.prepare(`SELECT id FROM context_datasets WHERE name = 'outcomes'`).get() as { id: number }).id;
    ws.db
      .prepare(
        `INSERT INTO context_categories (dataset_id, column_name, code, label, position) VALUES (?, 'outcome', 99, 'Unknown', 0)`,
      )
      .run(id);
    ws.db
      .prepare(
        `UPDATE ctx_outcomes SET outcome = 99 WHERE id IN (SELECT id FROM ctx_outcomes WHERE outcome IS NULL LIMIT 3)`,
      )
      .run();
    const reloaded = createEngine();
    try {
      await reloaded.loadFromStore(ws.db, ws.codebook());
      const labels = reloaded.snapshot('context:outcomes')?.dimensions.outcome?.labels ?? [];
      expect(labels.filter((l) => l === 'Unknown')).toHaveLength(1);
      const result = await reloaded.query(
        querySpec({ cohort: 'context:outcomes', rows: ['outcome'], disclosure: null }),
      );
      const counts = Object.fromEntries(result.rows.keys.map(([k], i) => [k, result.counts[i]?.[0]]));
      expect(counts.Unknown).toBe(unknowns);
    } finally {
      await reloaded.dispose();
    }
  });
});
