// Exports replace nothing unasked and create no folders beyond the one chosen, through the
// real dispatcher on a real workspace: an existing file is kept until the export is confirmed
// (overwrite), `..` paths are resolved and the resolved path is what is written and returned,
// a report pack goes only into a new or empty folder or its own earlier pack (whose stale files
// it removes), and the record-level export of the CLI is 0600 and needs --force to replace.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.ts';
import { writeFileAtomic } from '../../../src-main/export/atomicWrite.ts';
import { PACK_NOTE } from '../../../src-main/export/packFolder.ts';
import { districtFigure } from './figureSpecs.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 5));
  await world.dispatcher.call('figures.save', { figure: districtFigure('districts'), overwrite: true });
});
afterAll(async () => world?.close());

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The mode a plain new file gets here (the umask applied), computed by writing one. */
function defaultMode(): number {
  const probe = world.file(`probe-${Math.random()}`);
  writeFileSync(probe, 'x');
  return statSync(probe).mode & 0o777;
}

describe('file writes', () => {
  it('keep an existing file unless asked, resolve the path, and create no folder', async () => {
    const target = world.file('kept.txt');
    writeFileSync(target, 'the analyst’s own notes');
    const refused = await failure(writeFileAtomic(join(world.dir, 'x', '..', 'kept.txt'), 'export'));
    expect(refused.code).toBe('FILE_EXISTS');
    expect(refused.message).toContain(`${target} already exists`);
    expect(readFileSync(target, 'utf8')).toBe('the analyst’s own notes');
    expect(await writeFileAtomic(target, 'export', { overwrite: true })).toBe(6);
    expect(readFileSync(target, 'utf8')).toBe('export');

    const deep = join(world.dir, 'new', 'deeper', 'file.csv');
    expect((await failure(writeFileAtomic(deep, 'a'))).code).toBe('FILE_NOT_FOUND');
    expect(existsSync(join(world.dir, 'new'))).toBe(false);

    const records = world.file('records.arrow');
    await writeFileAtomic(records, 'rows', { private: true });
    expect(statSync(records).mode & 0o777).toBe(0o600);
    const table = world.file('table.csv');
    await writeFileAtomic(table, 'a,b');
    expect(statSync(table).mode & 0o777).toBe(defaultMode());
    expect(readdirSync(world.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('export.figure', () => {
  it('asks before replacing a file and writes to the resolved path', async () => {
    const target = world.file('districts.png');
    writeFileSync(target, 'not a chart');
    const asked = { name: 'districts', format: 'png' as const, path: join(world.dir, 'sub', '..', 'districts.png') };
    const refused = await failure(world.dispatcher.call('export.figure', asked));
    expect(refused.code).toBe('FILE_EXISTS');
    expect(refused.message).toContain(target);
    expect(readFileSync(target, 'utf8')).toBe('not a chart');
    const done = await world.dispatcher.call('export.figure', { ...asked, overwrite: true });
    expect(done.file.path).toBe(target);
    expect(readFileSync(target).subarray(1, 4).toString()).toBe('PNG');
    const missing = await failure(
      world.dispatcher.call('export.figure', { ...asked, path: join(world.dir, 'a', 'b', 'districts.png') }),
    );
    expect(missing.code).toBe('FILE_NOT_FOUND');
    expect(existsSync(join(world.dir, 'a'))).toBe(false);
  });
});

describe('report.build', () => {
  it('writes into a new or empty folder or its own earlier pack, and nowhere else', async () => {
    await world.dispatcher.call('reports.save', {
      report: { name: 'Annual', items: [{ kind: 'figure', name: 'districts' }] },
    });
    await world.dispatcher.call('reports.save', {
      report: { name: 'Other', items: [{ kind: 'figure', name: 'districts' }] },
    });
    const own = world.file('own-files');
    mkdirSync(own);
    writeFileSync(join(own, 'minutes.docx'), 'minutes');
    const refused = await failure(world.dispatcher.call('report.build', { name: 'Annual', outDir: own }));
    expect(refused.code).toBe('FILE_EXISTS');
    expect(readdirSync(own)).toEqual(['minutes.docx']);

    const deep = join(world.dir, 'missing', 'pack');
    expect((await failure(world.dispatcher.call('report.build', { name: 'Annual', outDir: deep }))).code).toBe(
      'FILE_NOT_FOUND',
    );
    expect(existsSync(join(world.dir, 'missing'))).toBe(false);

    const pack = world.file('pack');
    const first = await world.dispatcher.call('report.build', { name: 'Annual', outDir: join(pack, '..', 'pack') });
    expect(first.files.every((f) => f.path.startsWith(`${pack}/`))).toBe(true);
    expect(JSON.parse(readFileSync(join(pack, PACK_NOTE), 'utf8'))).toMatchObject({ report: 'Annual' });
    // A file of the earlier pack that the new one does not write again goes; the rest is rewritten.
    const earlier = JSON.parse(readFileSync(join(pack, PACK_NOTE), 'utf8')) as { files: string[] };
    writeFileSync(join(pack, PACK_NOTE), JSON.stringify({ report: 'Annual', files: [...earlier.files, '09-old.png'] }));
    writeFileSync(join(pack, '09-old.png'), 'stale');
    const again = await world.dispatcher.call('report.build', { name: 'Annual', outDir: pack });
    expect(again.files.map((f) => f.path).sort()).toEqual(first.files.map((f) => f.path).sort());
    expect(existsSync(join(pack, '09-old.png'))).toBe(false);

    const other = await failure(world.dispatcher.call('report.build', { name: 'Other', outDir: pack }));
    expect(other.code).toBe('FILE_EXISTS');
    expect(other.message).toMatch(/pack of another report \("Annual"\)/);
  });
});
