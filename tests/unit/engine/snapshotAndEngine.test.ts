// The snapshot loader on a real (temp-file) SQLite workspace: codes remapped to display
// order, flags, NULLs, derived and stored periods, person order; the Arrow view over the
// shared buffers; the worker entry; and the engine's refusals of invalid specs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { BUILT_IN_CODEBOOK, ETHNICITIES, OFFENCE_GROUPS } from '../../../shared/codebook.ts';
import { AppError } from '../../../shared/errors.ts';
import { daysFromCivil, daysToIso, isoToDays, NULL_DAY } from '../../../src-main/engine/dates.ts';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { loadSnapshot } from '../../../src-main/engine/loadSnapshot.ts';
import type { CohortSnapshot } from '../../../src-main/engine/snapshot.ts';
import { snapshotTable } from '../../../src-main/engine/snapshotArrow.ts';
import { workerEntryUrl } from '../../../src-main/engine/workerPool.ts';
import { createSyntheticWorkspace } from './syntheticWorkspace.ts';
import { facetSpec, querySpec } from './specs.ts';

let dir: string;
let db: BetterSqlite3.Database;
let victims: CohortSnapshot;
let engine: Engine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-engine-'));
  db = createSyntheticWorkspace({
    rows: { victims: 3000, suspects: 2000, offenders: 1000 },
    seed: 3,
    file: join(dir, 'w.vsow'),
    storePeriodsFor: ['suspects'],
  });
  victims = loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims');
  engine = createEngine();
  await engine.loadFromStore(db, BUILT_IN_CODEBOOK);
});
afterAll(async () => {
  await engine.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
}

describe('loadSnapshot', () => {
  it('maps store codes to display-order labels, NULLs to Unknown', () => {
    const offence = victims.dimensions.offence_group;
    expect(offence?.labels).toEqual([...OFFENCE_GROUPS]);
    expect(victims.dimensions.ethnicity?.labels).toEqual([...ETHNICITIES]);
    const sql = db
      .prepare(
        "SELECT k.label AS label, count(*) AS n FROM victims v JOIN categories k ON k.column_name = 'offence_group' AND k.code = v.offence_group GROUP BY k.label",
      )
      .all() as { label: string; n: number }[];
    const counts = new Map<string, number>();
    for (const code of offence?.codes ?? [])
      counts.set(offence?.labels[code] as string, (counts.get(offence?.labels[code] as string) ?? 0) + 1);
    for (const { label, n } of sql) if (label !== 'Unknown') expect(counts.get(label), label).toBe(n);
    const nulls = (db.prepare('SELECT count(*) AS n FROM victims WHERE offence_group IS NULL').get() as { n: number })
      .n;
    const unknownSql = sql.find((r) => r.label === 'Unknown')?.n ?? 0;
    expect(counts.get('Unknown')).toBe(nulls + unknownSql);
  });

  it('gives flags Yes/No and Unknown only when NULLs exist', () => {
    expect(victims.dimensions.domestic_abuse?.labels).toEqual(['Yes', 'No', 'Unknown']);
    db.exec('UPDATE offenders SET reoffended = 0 WHERE reoffended IS NULL');
    const offenders = loadSnapshot(db, BUILT_IN_CODEBOOK, 'offenders');
    expect(offenders.dimensions.reoffended?.labels).toEqual(['Yes', 'No']);
    const yes = (db.prepare('SELECT count(*) AS n FROM offenders WHERE reoffended = 1').get() as { n: number }).n;
    expect(Array.from(offenders.dimensions.reoffended?.codes ?? []).filter((c) => c === 0).length).toBe(yes);
  });

  it('derives month and financial year from the date, or reads the stored ones', () => {
    const months = victims.dimensions.month?.labels ?? [];
    expect(months[0]).toBe('2018-04');
    expect([...months].slice(0, -1)).toEqual([...months].slice(0, -1).sort());
    expect(months.at(-1)).toBe('Unknown');
    const suspects = loadSnapshot(db, BUILT_IN_CODEBOOK, 'suspects');
    expect(suspects.dimensions.financial_year?.labels).toEqual(['2018/19', '2019/20', '2020/21', '2021/22', 'Unknown']);
    expect(suspects.dimensions.month?.labels).not.toContain('month unused');
  });

  it('sorts rows by person and backs Arrow dictionary vectors with the same shared buffers', () => {
    const ids = victims.personIds;
    for (let i = 1; i < ids.length; i++) expect(ids[i - 1] as number).toBeLessThanOrEqual(ids[i] as number);
    expect(ids.buffer).toBeInstanceOf(SharedArrayBuffer);
    const table = snapshotTable(victims);
    const sex = table.getChild('sex');
    expect(sex?.data[0]?.values.buffer).toBe(victims.dimensions.sex?.codes.buffer);
    expect(sex?.get(0)).toBe(victims.dimensions.sex?.labels[victims.dimensions.sex.codes[0] as number]);
    expect(table.numRows).toBe(3000);
  });

  it('converts dates both ways', () => {
    expect(isoToDays('1970-01-01')).toBe(0);
    expect(isoToDays('2020-02-29')).toBe(daysFromCivil(2020, 2, 29));
    expect(daysToIso(isoToDays('2019-04-01'))).toBe('2019-04-01');
    expect(isoToDays(null)).toBe(NULL_DAY);
    expect(isoToDays('2019-13-01')).toBe(NULL_DAY);
  });
});

describe('engine', () => {
  it('finds its worker entry next to the module', () => {
    expect(workerEntryUrl().pathname).toMatch(/engineWorker\.(js|ts)$/);
  });

  it('refuses unknown fields, unknown closed categories, wrong filter kinds and rates without denominators', async () => {
    expect(await errorCode(engine.query(querySpec({ cohort: 'victims', rows: ['outcome_group'] })))).toBe(
      'INVALID_SPEC',
    );
    expect(
      await errorCode(
        engine.query(
          querySpec({ cohort: 'victims', rows: ['sex'], filters: [{ field: 'district', in: ['Atlantis'] }] }),
        ),
      ),
    ).toBe('INVALID_SPEC');
    expect(
      await errorCode(
        engine.query(querySpec({ cohort: 'victims', rows: ['sex'], filters: [{ field: 'sex', equals: true }] })),
      ),
    ).toBe('INVALID_SPEC');
    expect(
      await errorCode(
        engine.query(querySpec({ cohort: 'victims', rows: ['offence_group'], rate: { per: 1000, population: 'x' } })),
      ),
    ).toBe('INVALID_SPEC');
    // A spec that breaks the contract itself is refused at the edge, before any engine sees it.
    expect(await errorCode((async () => querySpec({ cohort: 'victims', rows: ['sex'], cols: ['sex'] }))())).toBe(
      'INVALID_SPEC',
    );
    // An unseen label of an open column matches nothing rather than failing next year's figure.
    const empty = await engine.query(
      querySpec({
        cohort: 'victims',
        rows: ['sex'],
        filters: [{ field: 'lsoa', in: ['E09999999'] }],
      }),
    );
    expect(empty.total).toBe(0);
  });

  it('answers a filter toggle from the cube with the same numbers as a fresh scan', async () => {
    const base = { cohort: 'victims' as const, rows: ['age_band'], cols: ['sex'], disclosure: null };
    await engine.query(querySpec({ ...base, filters: [{ field: 'district', in: ['Fenland'] }] }));
    const toggled = await engine.query(
      querySpec({ ...base, filters: [{ field: 'district', in: ['Fenland', 'Cambridge'] }] }),
    );
    const fresh = createEngine({ workers: 1 });
    await fresh.loadSnapshots([victims]);
    const scanned = await fresh.query(
      querySpec({ ...base, filters: [{ field: 'district', in: ['Fenland', 'Cambridge'] }] }),
    );
    await fresh.dispose();
    expect(toggled.counts).toEqual(scanned.counts);
    expect(toggled.total).toBe(scanned.total);
  });

  it('answers the next queries right while it counts a wider cube in idle time, or gives that up for real work', async () => {
    const year = { field: 'date', from: '2019-04-01', to: '2020-03-31' };
    const base = { cohort: 'victims' as const, disclosure: null };
    await engine.query(querySpec({ ...base, rows: ['offence_group'], filters: [year] }));
    // At once, as the filter panel and the table ask together: the facets are real work.
    const nextSpec = {
      ...base,
      rows: ['offence_group'],
      cols: ['sex'],
      filters: [year, { field: 'district', in: ['Fenland', 'Peterborough'] }],
    };
    const [facets, next] = await Promise.all([
      engine.facets(facetSpec({ cohort: 'victims', filters: [year], fields: ['sex', 'district'] })),
      engine.query(querySpec(nextSpec)),
    ]);
    const later = await engine.query(querySpec({ ...nextSpec, rows: ['age_band'] }));
    const fresh = createEngine({ workers: 1 });
    await fresh.loadSnapshots([victims]);
    const scanned = await fresh.query(querySpec(nextSpec));
    const scannedLater = await fresh.query(querySpec({ ...nextSpec, rows: ['age_band'] }));
    const freshFacets = await fresh.facets(
      facetSpec({ cohort: 'victims', filters: [year], fields: ['sex', 'district'] }),
    );
    await fresh.dispose();
    expect(next.counts).toEqual(scanned.counts);
    expect(later.counts).toEqual(scannedLater.counts);
    expect(later.total).toBe(scannedLater.total);
    expect(facets.facets).toEqual(freshFacets.facets);
  });

  it('gives statistics only for two-way tables, with a reason otherwise', async () => {
    const two = await engine.query(querySpec({ cohort: 'victims', rows: ['age_band'], cols: ['sex'], stats: true }));
    expect(two.stats?.df).toBeGreaterThan(0);
    const one = await engine.query(querySpec({ cohort: 'victims', rows: ['age_band'], stats: true }));
    expect(one.stats).toBeNull();
    expect(one.meta.warnings).toContain('Statistics need exactly one row field and one column field.');
  });
});
