// The first look at a filter with a release open: on a copy of a workspace (the sample's, say),
// a few offenders figures are exported first (so the open release holds publications), then
// needs together is looked at under several filters, each look the first of its filter (the
// workspace is opened afresh each round: no cached table or count survives). Prints each look's
// wall and CPU milliseconds (CPU: this process, its workers included), their medians over the
// rounds, and a fingerprint of the cells each look hid: two builds that hide the same cells
// print the same fingerprints. Nothing is written to the workspace given (its copy is removed).
//   VSO_PASSPHRASE=… npx tsx scripts/measureFilterLook.ts WORKSPACE.vsow [ROUNDS]
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OFFENDER_SERVICES } from '../shared/codebook.ts';
import type { QueryResult } from '../shared/query.ts';
import { createDispatcher } from '../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../src-main/ipc/createHandlers.ts';
import { createMainServices } from '../src-main/ipc/mainServices.ts';
import { RecentWorkspaces } from '../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../src-main/app/workspace/workspaceSession.ts';

const source = process.argv[2];
const rounds = Number(process.argv[3] ?? 3);
const passphrase = process.env.VSO_PASSPHRASE;
if (!source || !passphrase)
  throw new Error('usage: VSO_PASSPHRASE=… npx tsx scripts/measureFilterLook.ts WORKSPACE [ROUNDS]');

/** The offenders figures of the sample exported before the looks: the release's earlier publications. */
const EARLIER = ['Offender drug need by sex', 'Offender needs combinations', 'Offender needs together'];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const dir = mkdtempSync(join(tmpdir(), 'vso-filter-look-'));
const path = join(dir, 'workspace.vsow');
copyFileSync(source, path);
const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
const services = createMainServices({ mode: 'browser', modeReason: 'measure', session });
const dispatcher = createDispatcher(createHandlers(services), 'cli');
try {
  await dispatcher.call('workspace.open', { path, passphrase });
  for (const name of EARLIER) {
    await dispatcher.call('export.figure', { name, format: 'csv', path: join(dir, `${name}.csv`) });
  }
  const figures = (await dispatcher.call('figures.list', {})) as {
    figures: { name: string; figure: { query: { filters: unknown[] } } }[];
  };
  // The needs figure's own filters (its financial year), then each look's.
  const base = figures.figures.find((f) => f.name === 'Offender needs together')!.figure.query.filters;
  const looks: Array<[string, unknown[], string[]]> = [
    ['Female', [{ kind: 'in', field: 'sex', in: ['Female'] }], ['with_need']],
    ...OFFENDER_SERVICES.slice(0, 3).map((s): [string, unknown[], string[]] => [
      s,
      [{ kind: 'in', field: 'service', in: [s] }],
      ['with_need'],
    ]),
    ['by sex (panels)', [], ['sex', 'with_need']],
  ];
  await dispatcher.call('workspace.close', {});
  const times = new Map<string, { wall: number[]; cpu: number[]; hidden: string }>();
  for (let round = 0; round < rounds; round++) {
    await dispatcher.call('workspace.open', { path, passphrase });
    for (const [name, filters, cols] of looks) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = (await dispatcher.call('engine.query', {
        cohort: 'needs',
        measure: 'persons',
        filters: [...base, ...filters],
        rows: ['need'],
        cols,
      })) as QueryResult;
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const hidden = result.counts.flatMap((line, i) => line.flatMap((v, j) => (v === null ? [`${i}:${j}`] : [])));
      const fingerprint = `${hidden.length} hidden ${createHash('sha256').update(hidden.join(',')).digest('hex').slice(0, 12)}`;
      const entry = times.get(name) ?? { wall: [], cpu: [], hidden: fingerprint };
      if (entry.hidden !== fingerprint) throw new Error(`${name}: the hidden cells changed between rounds`);
      entry.wall.push(wall);
      entry.cpu.push((used.user + used.system) / 1000);
      times.set(name, entry);
    }
    await dispatcher.call('workspace.close', {});
  }
  const rows = [...times].map(([look, t]) => ({
    look,
    wallMs: Math.round(median(t.wall)),
    cpuMs: Math.round(median(t.cpu)),
    hidden: t.hidden,
  }));
  console.table(rows);
  const perRound = (key: 'wall' | 'cpu') =>
    Array.from({ length: rounds }, (_, r) => [...times.values()].reduce((s, t) => s + t[key][r]!, 0));
  console.log(
    JSON.stringify({
      rounds,
      lookWallMs: Math.round(median(perRound('wall'))),
      lookCpuMs: Math.round(median(perRound('cpu'))),
    }),
  );
} finally {
  await services.shutdown?.();
  rmSync(dir, { recursive: true, force: true });
}
