// The intruder against a protected result with statistics from the real API on a real encrypted
// workspace: victims of domestic abuse by district and offence group, from a generated extract.
// No per-cell inversion recovers a suppressed count, and the printed statistics are no more
// precise than the publication check allowed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../../../src-main/sample/generator/generate.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createMainServices, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { invertCells, printedAttack } from '../disclosure/statsIntruder.ts';

const SPEC = {
  cohort: 'victims',
  filters: [{ field: 'domestic_abuse', equals: true }],
  rows: ['district'],
  cols: ['offence_group'],
  stats: true,
} as const;
let dir: string;
let services: MainServices;
let api: Dispatcher;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-stats-api-'));
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
  services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  api = createDispatcher(createHandlers(services), 'test');
  await api.call('workspace.create', { path: join(dir, 'w.vsow'), passphrase: 'stats through the api' });
  const path = join(dir, 'victims.csv');
  await generateFixture({ cohort: 'victims', rows: 4000, seed: 5, dialect: 'canonical', out: path });
  await api.call('import.run', { cohort: 'victims', path });
}, 120_000);

afterAll(async () => {
  await services.shutdown?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('statistics of a protected result through the API', () => {
  it('give no suppressed count of domestic abuse victims back', async () => {
    const result = (await api.call('engine.query', SPEC)) as QueryResult;
    const raw = (await api.call('engine.query', { ...SPEC, disclosure: null })) as QueryResult;
    expect(result.suppressed.length).toBeGreaterThan(0);
    expect(invertCells(result)).toEqual([]);
    for (const [r, c] of result.suppressed) {
      expect(result.stats?.expected[r]?.[c]).toBeNull();
      expect(result.stats?.adjustedResiduals[r]?.[c]).toBeNull();
      // The unprotected result has them: they are what the protected one holds back.
      expect(raw.stats?.expected[r]?.[c]).not.toBeNull();
    }
    const publication = result.stats!.publication!;
    expect(['full', 'coarsened', 'withheld']).toContain(publication.status);
    // The numbers carry no more precision than the printed text.
    const { chi2, cramersV } = result.stats!;
    expect(chi2).toBe(publication.printed.chi2 === null ? null : Number(publication.printed.chi2));
    expect(cramersV).toBe(publication.printed.cramersV === null ? null : Number(publication.printed.cramersV));
    if (publication.status !== 'withheld') {
      // Where the completions are few enough to try them all, none is ruled out by the print.
      const attack = printedAttack(result, publication.printed, 300_000);
      if (attack !== null) {
        for (const [cell, values] of attack.possible)
          expect([cell, attack.consistent.get(cell)!.size]).toEqual([cell, values.size]);
      }
    }
    if (publication.note) expect(result.meta.warnings).toContain(publication.note);
  }, 120_000);
});
