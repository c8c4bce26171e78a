// A crafted register whose earlier output's hidden small count its other earlier output already
// gives away, for the needs audit's warning: among the persons kept, every one has the thinking
// need, six the finance need, and two of those the lifestyle need too. Finance and lifestyle (2)
// is recorded hidden and finance (6) printed, as if an earlier version had published them apart:
// the pair is then at most 6, below its value plus the protection of 5.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { NEEDS } from '../../shared/codebook.ts';
import type { PublishedTable } from '../../shared/contract/release.ts';
import { QuerySpecSchema } from '../../shared/query.ts';
import { runImport } from '../../src-main/import/runImport.ts';
import { generateFixture } from '../../src-main/sample/generator/generate.ts';
import { openRelease, publicationsOf, recordPublication } from '../../src-main/store/publications.ts';
import { Workspace } from '../../src-main/store/workspace.ts';

type Row = Record<string, string>;

export const NEED_FIELDS: string[] = NEEDS.map(([field]) => field);
export const [FINANCE, LIFESTYLE, THINKING] = ['need_finance', 'need_lifestyle', 'need_thinking'] as const;
export const PAIR_TITLE = 'Finance and lifestyle';

/** Generated offenders rows with the needs set as above among those `kept`; each row a person of its own. */
export function craftedNeeds(rows: readonly Row[], kept: (r: Row) => boolean): Row[] {
  let finance = 0;
  return rows.map((r, i): Row => {
    const flags = Object.fromEntries(NEED_FIELDS.map((f) => [f, r[f] === 'true' ? 'true' : 'false']));
    flags[FINANCE] = 'false';
    if (kept(r)) {
      flags[THINKING] = 'true';
      if (finance < 6) {
        for (const f of NEED_FIELDS) flags[f] = 'false';
        Object.assign(flags, { [THINKING]: 'true', [FINANCE]: 'true', [LIFESTYLE]: finance < 2 ? 'true' : 'false' });
        finance++;
      }
    }
    return { ...r, person_ref: `NG${String(100000 + i)}`, ...flags };
  });
}

/** The women of Fenland, as filters and as a test of a row. */
export const FENLAND_WOMEN = [
  { kind: 'in', field: 'sex', in: ['Female'] },
  { kind: 'in', field: 'district', in: ['Fenland'] },
];
export const isFenlandWoman = (r: Row): boolean => r.sex === 'Female' && r.district === 'Fenland';

/**
 * Generated offenders rows, each a person of its own, with the women of Fenland given the needs
 * of `needsInTurn` one person each, in turn; every other woman of Fenland becomes a man.
 */
export function fenlandWomenWithNeeds(rows: readonly Row[], needsInTurn: readonly (readonly string[])[]): Row[] {
  let next = 0;
  return rows.map((r, i): Row => {
    const person = { ...r, person_ref: `NW${String(100000 + i)}` };
    if (!isFenlandWoman(r)) return person;
    if (next >= needsInTurn.length) return { ...person, sex: 'Male' };
    const needs = needsInTurn[next++]!;
    return { ...person, ...Object.fromEntries(NEED_FIELDS.map((f) => [f, String(needs.includes(f))])) };
  });
}

export function csvOf(records: readonly Row[]): string {
  const headers = Object.keys(records[0]!);
  return [headers.join(','), ...records.map((r) => headers.map((h) => r[h]).join(','))].join('\n');
}

/** An offenders persons table of one cell: the filters' persons flagged Yes on every one of `fields`. */
export function oneCell(filters: readonly unknown[], ...fields: string[]): Record<string, unknown> {
  return {
    cohort: 'offenders',
    measure: 'persons',
    filters: [...filters, ...fields.map((field) => ({ kind: 'in', field, in: ['Yes'] }))],
    rows: fields.slice(0, 1),
    cols: fields.slice(1, 2),
  };
}

function recorded(query: Record<string, unknown>, cells: Array<[Row, number, number | null]>): PublishedTable {
  return {
    spec: QuerySpecSchema.parse(query) as unknown as Record<string, unknown>,
    cells: cells.map(([key, value, shown]) => ({
      key,
      row: null,
      col: null,
      value,
      shown,
      status: shown === null ? 'secondary' : 'published',
    })),
  };
}

/** Records the two outputs in the open release (opened if none), under `filters` (the persons kept). */
export function recordGivenAwayRegister(db: Workspace['db'], filters: readonly unknown[], folder: string): void {
  const pair = { [FINANCE]: 'Yes', [LIFESTYLE]: 'Yes' };
  recordPublication(db, {
    kind: 'figure',
    title: PAIR_TITLE,
    destination: `${folder}/pair.csv`,
    tables: [
      recorded(oneCell(filters, FINANCE, LIFESTYLE), [
        [pair, 2, null],
        [{ [FINANCE]: 'Yes' }, 2, null],
        [{ [LIFESTYLE]: 'Yes' }, 2, null],
        [{}, 2, null],
      ]),
    ],
  });
  recordPublication(db, {
    kind: 'figure',
    title: 'Finance',
    destination: `${folder}/finance.csv`,
    tables: [
      recorded(oneCell(filters, FINANCE), [
        [{ [FINANCE]: 'Yes' }, 6, 6],
        [{}, 6, 6],
      ]),
    ],
  });
}

/**
 * A workspace in `dir` of generated offenders crafted as above (every person kept, no filter),
 * with the register recorded; the date ‘Finance and lifestyle’ was exported on.
 */
export async function buildGivenAwayWorkspace(
  dir: string,
  passphrase: string,
): Promise<{ path: string; exported: string }> {
  const path = join(dir, 'crafted.vsow');
  const generated = join(dir, 'offenders.csv');
  await generateFixture({ cohort: 'offenders', rows: 1500, seed: 31, dialect: 'canonical', out: generated });
  const rows = parse(readFileSync(generated, 'utf8'), { columns: true, bom: true }) as Row[];
  const crafted = join(dir, 'crafted.csv');
  writeFileSync(crafted, csvOf(craftedNeeds(rows, () => true)));
  const workspace = Workspace.create(path, passphrase);
  try {
    await runImport(workspace, { cohort: 'offenders', path: crafted });
    recordGivenAwayRegister(workspace.db, [], dir);
    const pair = publicationsOf(workspace.db, openRelease(workspace.db)!.id).find((p) => p.title === PAIR_TITLE)!;
    return { path, exported: pair.publishedAt.slice(0, 10) };
  } finally {
    workspace.close();
  }
}
