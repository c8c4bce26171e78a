// Needs together through the real API on a real workspace, with the engine's calls counted: the
// tables it is read from are counted in one pass of the workers (not one query each), the
// matrix equals the one counted here from the extract, a filter changed back is answered
// without the engine, and new data (an import) or a new publication in the release is never
// answered from what was kept before.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEEDS } from '../../../shared/codebook.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { AnalysisService } from '../../../src-main/app/analysis/analysisService.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createMainServices, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import { generateFixture } from '../../../src-main/sample/generator/generate.ts';

type Row = Record<string, string>;
const calls = { query: 0, personsTables: 0 };
let dir: string;
let services: MainServices;
let dispatcher: Dispatcher;
let session: WorkspaceSession;
let rows: Row[] = [];

/** The real engine, its queries and one-pass counts counted. */
function countingEngine(): Engine {
  const engine = createEngine();
  return {
    ...engine,
    query: (spec, options) => {
      calls.query++;
      return engine.query(spec, options);
    },
    personsTables: (specs, options) => {
      calls.personsTables++;
      return engine.personsTables(specs, options);
    },
  };
}

async function importOffenders(rowsWanted: number, seed: number): Promise<Row[]> {
  const file = join(dir, `offenders-${seed}.csv`);
  await generateFixture({ cohort: 'offenders', rows: rowsWanted, seed, dialect: 'canonical', out: file });
  await changeData(session, (ws) => runImport(ws, { cohort: 'offenders', path: file }));
  return parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Row[];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-needs-fast-'));
  session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
  const analysis = new AnalysisService(countingEngine);
  services = createMainServices({ mode: 'browser', modeReason: 'test', session, analysis });
  dispatcher = createDispatcher(createHandlers(services), 'test');
  await dispatcher.call('workspace.create', { path: join(dir, 'team.vsow'), passphrase: 'needs together 42 fast!' });
  rows = await importOffenders(2500, 21);
}, 300_000);

afterAll(async () => {
  await services?.shutdown?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const needFields = NEEDS.map(([field]) => field);

function matrixOf(records: readonly Row[]): number[][] {
  return needFields.map((a) =>
    needFields.map(
      (b) => new Set(records.filter((r) => r[a] === 'true' && r[b] === 'true').map((r) => r.person_ref)).size,
    ),
  );
}

async function needs(filters: unknown[], disclosure?: null): Promise<QueryResult> {
  return (await dispatcher.call('engine.query', {
    cohort: 'needs',
    measure: 'persons',
    filters,
    ...(disclosure === null ? { disclosure: null } : {}),
  })) as QueryResult;
}

const women = [{ kind: 'in', field: 'sex', in: ['Female'] }];
const reset = (): void => {
  calls.query = 0;
  calls.personsTables = 0;
};

describe('needs together, fast', () => {
  it('counts the tables it is read from in one pass, not one query each', async () => {
    reset();
    const raw = await needs([], null);
    expect(raw.counts).toEqual(matrixOf(rows));
    expect(calls.personsTables).toBe(1);
    // The persons of the whole filter, at most, are asked apart: never a table per need or pair.
    expect(calls.query).toBeLessThanOrEqual(1);
  });

  it('answers a filter changed back without the engine, the same numbers', async () => {
    const first = await needs([]);
    const filtered = await needs(women);
    reset();
    const back = await needs([]);
    expect(calls).toEqual({ query: 0, personsTables: 0 });
    expect(back.counts).toEqual(first.counts);
    expect(back.suppressed).toEqual(first.suppressed);
    // The very result kept: protecting it again would have taken its own time.
    expect(back.meta.elapsedMs).toBe(first.meta.elapsedMs);
    const again = await needs(women);
    expect(calls).toEqual({ query: 0, personsTables: 0 });
    expect(again.counts).toEqual(filtered.counts);
    // Published numbers are true counts or hidden.
    const truth = matrixOf(rows.filter((r) => r.sex === 'Female'));
    again.counts.forEach((line, i) => line.forEach((v, j) => v === null || expect(v).toBe(truth[i]![j])));
  }, 300_000);

  it('protects again in a new release, and counts again after new data', async () => {
    const before = await needs([]);
    await dispatcher.call('releases.start', { name: 'Needs together, fast' });
    const after = await needs([]);
    expect(after.meta.elapsedMs).not.toBe(before.meta.elapsedMs);
    expect(after.counts).toEqual(before.counts);

    const more = await importOffenders(800, 22);
    reset();
    const raw = await needs([], null);
    expect(calls.personsTables).toBe(1);
    expect(raw.counts).toEqual(matrixOf([...rows, ...more]));
  }, 300_000);
});
