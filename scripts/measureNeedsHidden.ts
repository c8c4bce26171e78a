// How much the needs matrix hides: on a workspace (the sample's, say), the cells of the
// protected needs-together matrix that are hidden, unfiltered, for women and for each service,
// beside the cells whose true count is small (which must be hidden); then side by side by sex and
// by service (the whole and a matrix per category together). The matrix is resolved as
// the screen resolves it (through an unrecorded release session), so nothing is recorded.
//   VSO_PASSPHRASE=… npx tsx scripts/measureNeedsHidden.ts WORKSPACE.vsow
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OFFENDER_SERVICES } from '../shared/codebook.ts';
import type { QueryResult } from '../shared/query.ts';
import { createDispatcher } from '../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../src-main/ipc/createHandlers.ts';
import { createMainServices } from '../src-main/ipc/mainServices.ts';
import { RecentWorkspaces } from '../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../src-main/app/workspace/workspaceSession.ts';

const path = process.argv[2];
const passphrase = process.env.VSO_PASSPHRASE;
if (!path || !passphrase) throw new Error('usage: VSO_PASSPHRASE=… npx tsx scripts/measureNeedsHidden.ts WORKSPACE');

const dir = mkdtempSync(join(tmpdir(), 'vso-needs-hidden-'));
const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
const services = createMainServices({ mode: 'browser', modeReason: 'measure', session });
const dispatcher = createDispatcher(createHandlers(services), 'cli');
try {
  await dispatcher.call('workspace.open', { path, passphrase });
  const filters: Array<[string, unknown[]]> = [
    ['all offenders', []],
    ['Female', [{ kind: 'in', field: 'sex', in: ['Female'] }]],
    ...OFFENDER_SERVICES.map((s): [string, unknown[]] => [s, [{ kind: 'in', field: 'service', in: [s] }]]),
  ];
  const rows: Record<string, unknown>[] = [];
  for (const [name, filter] of filters) {
    const ask = (disclosure?: null) =>
      dispatcher.call('engine.query', {
        cohort: 'needs',
        measure: 'persons',
        filters: filter,
        ...(disclosure === null ? { disclosure } : {}),
      }) as Promise<QueryResult>;
    const raw = await ask(null);
    const started = performance.now();
    const published = await ask();
    const ms = Math.round(performance.now() - started);
    // The matrix is symmetric: count each pair once, and the diagonal.
    let hidden = 0;
    let small = 0;
    let hiddenOver100 = 0;
    let cells = 0;
    raw.counts.forEach((line, i) =>
      line.forEach((v, j) => {
        if (j < i) return;
        cells++;
        const value = v ?? 0;
        if (value > 0 && value < 5) small++;
        if (published.counts[i]?.[j] === null) {
          hidden++;
          if (value >= 100) hiddenOver100++;
        }
      }),
    );
    rows.push({ filter: name, persons: raw.total, cells, small, hidden, hiddenOver100, ms });
  }
  // Side by side: the whole and one matrix per category, audited together (each panel's cells once).
  for (const panel of ['sex', 'service']) {
    const ask = (disclosure?: null) =>
      dispatcher.call('engine.query', {
        cohort: 'needs',
        measure: 'persons',
        rows: ['need'],
        cols: [panel, 'with_need'],
        ...(disclosure === null ? { disclosure } : {}),
      }) as Promise<QueryResult>;
    const raw = await ask(null);
    const started = performance.now();
    const published = await ask();
    const ms = Math.round(performance.now() - started);
    const needs = raw.rows.keys.length;
    let hidden = 0;
    let small = 0;
    let cells = 0;
    raw.counts.forEach((line, i) =>
      line.forEach((v, c) => {
        if (c % needs < i) return;
        cells++;
        if ((v ?? 0) > 0 && (v ?? 0) < 5) small++;
        if (published.counts[i]?.[c] === null) hidden++;
      }),
    );
    rows.push({ filter: `side by side by ${panel}`, persons: raw.total, cells, small, hidden, hiddenOver100: '', ms });
  }
  console.table(rows);
} finally {
  await services.shutdown?.();
  rmSync(dir, { recursive: true, force: true });
}
