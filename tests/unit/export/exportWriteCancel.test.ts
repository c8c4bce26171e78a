// The app's single exports hear a cancel during their write: through the real dispatcher on a
// real workspace, each export replaces a file the analyst confirmed replacing, and is cancelled
// as its temporary file appears in the folder (seen by a watch on it, several file-system
// round trips before the move into place). The file it was to replace stays as it was, no
// temporary file is left, and neither the audit log nor the register gains an entry; the same
// export not cancelled replaces the file.
import { mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../../shared/contract/index.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { districtFigure } from '../report/figureSpecs.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

const PREVIOUS = 'the file exported before';
const DISCLOSURE = { threshold: 5, secondary: true, round: null, suppressZeros: false };

let world: ReportWorld;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 11));
  await world.importFile('suspects', await generated(world, 'suspects', 3000, 12));
  await world.dispatcher.call('figures.save', { figure: districtFigure('districts'), overwrite: true });
}, 300_000);
afterAll(async () => world?.close());

/** What an export records: its audit entry and, in the same transaction, its register entry. */
async function recorded(): Promise<number> {
  return (await world.dispatcher.call('audit.list', { limit: 1000 })).entries.length;
}

/** `method` writing `name` over an earlier file, cancelled as its temporary file appears; then not cancelled. */
async function cancelledAsItWrites(method: MethodName, name: string, args: (path: string) => object): Promise<void> {
  const folder = world.file(`${method}-${name}`);
  mkdirSync(folder);
  const path = join(folder, name);
  writeFileSync(path, PREVIOUS);
  const before = await recorded();
  let cancelAt: (() => void) | null = null;
  let temporary: string | null = null;
  const watcher = watch(folder, (_event, file) => {
    if (temporary !== null || file === null || !file.endsWith('.tmp')) return;
    temporary = file;
    cancelAt?.();
  });
  try {
    const call = await cancelledCall(world.dispatcher, method, args(path), {
      onStart: (cancel) => {
        cancelAt = cancel;
      },
    });
    expect(temporary).toMatch(new RegExp(`^\\.${name.replace('.', '\\.')}\\.[0-9a-f]+\\.tmp$`));
    expect(call.outcome).toBe('CANCELLED');
  } finally {
    watcher.close();
  }
  expect([readdirSync(folder), readFileSync(path, 'utf8')]).toEqual([[basename(path)], PREVIOUS]);
  expect(await recorded()).toBe(before);

  await world.dispatcher.call(method, args(path));
  expect(readdirSync(folder)).toEqual([basename(path)]);
  expect(readFileSync(path, 'utf8')).not.toBe(PREVIOUS);
  expect(await recorded()).toBe(before + 1);
}

describe('a single export cancelled as it writes', () => {
  it('a saved figure keeps the file it was to replace, and records nothing', async () => {
    await cancelledAsItWrites('export.figure', 'districts.csv', (path) => ({
      name: 'districts',
      format: 'csv',
      path,
      overwrite: true,
    }));
  }, 120_000);

  it('an infographic keeps the file it was to replace, and records nothing', async () => {
    const { doc } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims' });
    await cancelledAsItWrites('export.infographic', 'victims.svg', (path) => ({
      doc,
      format: 'svg',
      path,
      overwrite: true,
    }));
  }, 120_000);

  it('the time-to-outcome table keeps the file it was to replace, and records nothing', async () => {
    await cancelledAsItWrites('export.timeToOutcome', 'days.csv', (path) => ({
      spec: { rows: ['sex'], cols: [], disclosure: DISCLOSURE },
      path,
      format: 'csv',
      title: 'Days to outcome by sex',
      overwrite: true,
    }));
  }, 120_000);
});
