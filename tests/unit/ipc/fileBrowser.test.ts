// dialog.places and dialog.browse, the in-app file chooser's view of the disk, through the real
// dispatcher on real temporary folders with real symbolic links: only the given home folder
// and mounted drives are listed; relative paths, "..", links that escape and folders outside
// are refused with typed errors; hidden names and other file types are left out unless asked.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowseResult } from '../../../shared/contract/dialog.ts';
import { isAppError } from '../../../shared/errors.ts';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { MAX_ENTRIES } from '../../../src-main/ipc/fileBrowser.ts';
import { createMainServices } from '../../../src-main/ipc/mainServices.ts';

let top: string;
let home: string;
let media: string;
let outside: string;
let dispatcher: Dispatcher;

beforeAll(() => {
  top = realpathSync(mkdtempSync(join(tmpdir(), 'vso-files-')));
  home = join(top, 'home');
  media = join(top, 'media');
  outside = join(top, 'outside');
  for (const dir of [home, join(home, 'reports'), join(home, '.config'), join(media, 'usb'), outside])
    mkdirSync(dir, { recursive: true });
  writeFileSync(join(home, 'reports', 'a.csv'), 'x,y\n');
  writeFileSync(join(home, 'alpha.csv'), 'abc');
  writeFileSync(join(home, 'Zeta.csv'), 'abcdef');
  writeFileSync(join(home, '9.csv'), '9');
  writeFileSync(join(home, '10.csv'), '10');
  writeFileSync(join(home, 'book.xlsx'), 'not really a workbook');
  writeFileSync(join(home, 'notes.txt'), 'notes');
  writeFileSync(join(home, '.secret.csv'), 'hidden');
  writeFileSync(join(media, 'usb', 'data.csv'), 'd');
  writeFileSync(join(outside, 'leak.csv'), 'personal data');
  symlinkSync(join(home, 'reports'), join(home, 'link-inside'));
  symlinkSync(outside, join(home, 'link-out'));
  symlinkSync(join(outside, 'leak.csv'), join(home, 'leak-link.csv'));
  symlinkSync(join(top, 'missing'), join(home, 'dangling'));
  const services = createMainServices({ mode: 'browser', modeReason: 'test', fileRoots: { home, mounts: [media] } });
  dispatcher = createDispatcher(createHandlers(services), 'test');
});
afterAll(() => rmSync(top, { recursive: true, force: true }));

const browse = (args: unknown): Promise<BrowseResult> => dispatcher.call('dialog.browse', args);
const names = (result: BrowseResult): string[] => result.entries.map((e) => e.name);

async function refusal(args: unknown): Promise<{ code: string; message: string }> {
  const error = await browse(args).then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal for ${JSON.stringify(args)}`);
  return { code: error.code, message: error.message };
}

describe('dialog.browse', () => {
  it('lists the home folder by default: folders first, by name, hidden names and escaping links left out', async () => {
    const listed = await browse({});
    expect(listed.path).toBe(home);
    expect(listed.parent).toBeNull();
    expect(listed.crumbs).toEqual([{ label: 'Home', path: home }]);
    expect(listed.places).toEqual([
      { label: 'Home', path: home },
      { label: 'media', path: media },
    ]);
    expect(names(listed)).toEqual([
      'link-inside',
      'reports',
      '9.csv',
      '10.csv',
      'alpha.csv',
      'book.xlsx',
      'notes.txt',
      'Zeta.csv',
    ]);
    expect(listed.entries.filter((e) => e.kind === 'folder').map((e) => e.name)).toEqual(['link-inside', 'reports']);
    expect(listed.truncated).toBe(false);
  });

  it('gives each file its size and time of change as the disk has them', async () => {
    const listed = await browse({});
    for (const entry of listed.entries.filter((e) => e.kind === 'file')) {
      const info = statSync(join(home, entry.name));
      expect(entry.size, entry.name).toBe(info.size);
      expect(entry.modified, entry.name).toBe(info.mtime.toISOString());
    }
  });

  it('shows hidden names when asked, and only the file types asked for', async () => {
    expect(names(await browse({ showHidden: true }))).toEqual(
      expect.arrayContaining(['.config', '.secret.csv', 'reports', 'alpha.csv']),
    );
    expect(names(await browse({ extensions: ['CSV'] }))).toEqual([
      'link-inside',
      'reports',
      '9.csv',
      '10.csv',
      'alpha.csv',
      'Zeta.csv',
    ]);
    expect(names(await browse({ extensions: ['xlsx', 'txt'] }))).toEqual([
      'link-inside',
      'reports',
      'book.xlsx',
      'notes.txt',
    ]);
  });

  it('opens sub-folders and links that stay inside, with the trail from the top', async () => {
    const reports = await browse({ path: join(home, 'reports') });
    expect(names(reports)).toEqual(['a.csv']);
    expect(reports.parent).toBe(home);
    expect(reports.crumbs).toEqual([
      { label: 'Home', path: home },
      { label: 'reports', path: join(home, 'reports') },
    ]);
    const viaLink = await browse({ path: join(home, 'link-inside') });
    expect(viaLink.path).toBe(join(home, 'reports'));
    const usb = await browse({ path: join(media, 'usb') });
    expect(names(usb)).toEqual(['data.csv']);
    expect(usb.parent).toBe(media);
    expect(usb.crumbs.map((c) => c.label)).toEqual(['media', 'usb']);
    expect((await browse({ path: media })).parent).toBeNull();
  });

  it('refuses relative paths, "..", links that escape and folders outside, saying what to do', async () => {
    expect(await refusal({ path: 'home/reports' })).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await refusal({ path: 'home/reports' })).message).toContain('not a full path');
    expect(await refusal({ path: `${home}/reports/../../outside` })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusal({ path: `${home}/reports/..` })).toMatchObject({ code: 'BAD_REQUEST' });
    const escaped = await refusal({ path: join(home, 'link-out') });
    expect(escaped.code).toBe('FORBIDDEN');
    expect(escaped.message).toContain('home folder and mounted drives');
    expect(escaped.message).toContain(home);
    expect(await refusal({ path: outside })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal({ path: top })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal({ path: '/etc' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal({ path: '/' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal({ path: `${home}-other` })).toMatchObject({ code: 'FILE_NOT_FOUND' });
    mkdirSync(`${home}-sibling`, { recursive: true });
    expect(await refusal({ path: `${home}-sibling` })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal({ path: join(home, 'alpha.csv') })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusal({ path: join(home, 'dangling') })).toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(await refusal({ path: `${home}/\0x` })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusal({ path: '//server/share' })).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses malformed arguments before looking at the disk', async () => {
    expect(await refusal({ extensions: ['../csv'] })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusal({ path: '' })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusal({ path: home, recursive: true })).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lists at most MAX_ENTRIES entries and says when there were more', async () => {
    const big = join(media, 'big');
    mkdirSync(big);
    for (let i = 0; i <= MAX_ENTRIES; i += 1) writeFileSync(join(big, `f${i}.csv`), '');
    const listed = await browse({ path: big });
    expect(listed.entries).toHaveLength(MAX_ENTRIES);
    expect(listed.truncated).toBe(true);
  });
});

describe('dialog.places', () => {
  it('names the home folder, the mounted drives and the separator', async () => {
    expect(await dispatcher.call('dialog.places', {})).toEqual({
      home,
      places: [
        { label: 'Home', path: home },
        { label: 'media', path: media },
      ],
      separator: '/',
    });
  });
});
