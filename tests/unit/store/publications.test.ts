// The publication register in a real encrypted workspace: the first publication opens a
// release, a new release ends the open one (one open at a time, enforced by the schema too),
// publications come back as recorded and can never be changed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  currentRelease,
  listReleases,
  publicationsOf,
  recordPublication,
  startRelease,
  summarise,
} from '../../../src-main/store/publications.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';

const PASS = 'register test passphrase';
let dir: string;
let ws: Workspace;

const TABLE: PublishedTable = {
  spec: { cohort: 'victims', rows: ['district'], cols: [] },
  cells: [
    { key: { district: 'Fenland' }, row: 0, col: 0, value: 3, shown: null, status: 'primary' },
    {
      key: { district: 'Cambridge' },
      row: 1,
      col: 0,
      value: 40,
      shown: null,
      status: 'secondary',
      reason: 'hidden because of ‘Victims by district’, exported 2026-05-03',
    },
    { key: {}, row: null, col: null, value: 43, shown: 43, status: 'published' },
  ],
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vso-register-'));
  ws = Workspace.create(join(dir, 'w.vsow'), PASS);
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the publication register', () => {
  it('opens a release with the first publication and reads it back after reopening', () => {
    expect(listReleases(ws.db)).toEqual([]);
    const recorded = recordPublication(
      ws.db,
      { kind: 'table', title: 'Victims by district', destination: '/out/t.csv', tables: [TABLE] },
      new Date('2026-05-03T10:00:00Z'),
    );
    ws.close();
    ws = Workspace.open(join(dir, 'w.vsow'), PASS);
    const [release] = listReleases(ws.db);
    expect(release).toMatchObject({ name: 'Release 2026', endedAt: null, publications: 1 });
    expect(publicationsOf(ws.db, release!.id)).toEqual([recorded]);
    expect(summarise(recorded)).toMatchObject({
      cellsHidden: 2,
      reasons: [{ reason: TABLE.cells[1]!.reason!, cells: 1 }],
    });
  });

  it('a new release ends the open one; only one is open at a time; publications never change', () => {
    recordPublication(ws.db, { kind: 'figure', title: 'A', destination: '/a.png', tables: [TABLE] });
    const first = currentRelease(ws.db);
    const { started, ended } = startRelease(ws.db, 'Needs assessment 2027', new Date('2027-04-01T00:00:00Z'));
    expect(ended).toMatchObject({ id: first.id, endedAt: '2027-04-01T00:00:00.000Z' });
    expect(currentRelease(ws.db).id).toBe(started.id);
    expect(listReleases(ws.db).map((r) => [r.name, r.publications])).toEqual([
      ['Needs assessment 2027', 0],
      [first.name, 1],
    ]);
    expect(() => ws.db.prepare("INSERT INTO releases (name, started_at) VALUES ('second open', 'now')").run()).toThrow(
      /UNIQUE/,
    );
    expect(() => ws.db.prepare("UPDATE publications SET title = 'changed'").run()).toThrow(/never changed/);
    expect(() => startRelease(ws.db, '   ')).toThrow(/name/);
  });
});
