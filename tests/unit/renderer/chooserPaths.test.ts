// The file chooser's path arithmetic, for both separators: joining a folder and a name without
// doubling a root's separator, the folder and name of a path, the extension a save adds, and
// the names a save refuses.
import { describe, expect, it } from 'vitest';
import {
  folderOf,
  joinPath,
  nameOf,
  nameProblem,
  withAllowedExtension,
} from '../../../src-renderer/components/files/chooserPaths.ts';

describe('chooser paths', () => {
  it('joins a folder and a name once, at a root too', () => {
    expect(joinPath('/home/ana', 'a.csv', '/')).toBe('/home/ana/a.csv');
    expect(joinPath('/', 'a.csv', '/')).toBe('/a.csv');
    expect(joinPath('C:\\Users\\ana', 'a.csv', '\\')).toBe('C:\\Users\\ana\\a.csv');
    expect(joinPath('D:\\', 'a.csv', '\\')).toBe('D:\\a.csv');
  });

  it('splits a path into its folder and its name, inverse to joining', () => {
    for (const [folder, separator] of [
      ['/home/ana/reports', '/'],
      ['/', '/'],
      ['C:\\Users\\ana', '\\'],
      ['D:\\', '\\'],
    ] as const) {
      const path = joinPath(folder, 'table.xlsx', separator);
      expect(folderOf(path), path).toBe(folder);
      expect(nameOf(path), path).toBe('table.xlsx');
    }
    expect(folderOf('table.xlsx')).toBeNull();
  });

  it("adds the file type's extension only when the name has none of its extensions", () => {
    expect(withAllowedExtension('districts', ['png'])).toBe('districts.png');
    expect(withAllowedExtension('districts.PNG', ['png'])).toBe('districts.PNG');
    expect(withAllowedExtension('victims.tsv', ['csv', 'tsv'])).toBe('victims.tsv');
    expect(withAllowedExtension('notes.v2', ['*'])).toBe('notes.v2');
  });

  it('refuses names with folders, reserved characters or only dots', () => {
    expect(nameProblem('fine name-2026.xlsx')).toBeNull();
    for (const bad of ['', '   ', '../x.csv', 'a/b.csv', 'a\\b.csv', 'a:b', 'a?.csv', '..', 'tab\there'])
      expect(nameProblem(bad), JSON.stringify(bad)).not.toBeNull();
  });
});
