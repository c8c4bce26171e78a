// A table whose small counts an earlier output of the release already narrowed: a crafted
// register records ‘One ethnic group by district’ as if it had printed a district whose count is small
// (1 to 4) under one ethnicity. The export of district × sex under the same filter can hide
// those cells but not take back what was printed: its reply warns of it, naming the output, for
// the screen; the file itself names no earlier output (it would point an intruder at the count).
// A table export has no picture to preview, so its preview (`export.tablePreview`) warns before
// the export as the chart's does, and counts the cells the file will hide, writing and
// registering nothing.
// Real workspace, real dispatcher; the small district is found from the raw counts.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETHNICITIES } from '../../../shared/codebook.ts';
import type { ResultOf } from '../../../shared/contract/index.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { hiddenInnerCells } from '../../helpers/csvMarks.ts';
import { recordPrintedDistricts } from '../../helpers/printedDistricts.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

const EARLIER_TITLE = 'One ethnic group by district';
const DISCLOSURE = { threshold: 5, secondary: true, round: null, suppressZeros: false };

let world: ReportWorld;
/** The ethnicity filter under which one district's count is small, and that district's count. */
let small: { filters: unknown[]; district: string; count: number };
/** The date the register says the earlier output was exported. */
let exported: string;
/** The table export's preview, asked before the export. */
let tablePreview: ResultOf<'export.tablePreview'>;

/** District counts under `filters`, unprotected (as the analyst sees them in Explore). */
async function byDistrict(filters: unknown[]): Promise<Array<[string, number]>> {
  const raw = (await world.dispatcher.call('engine.query', {
    cohort: 'victims',
    rows: ['district'],
    filters,
    disclosure: null,
  })) as QueryResult;
  return raw.rows.keys.map((k, i) => [k[0]!, raw.counts[i]![0]!]);
}

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 41));
  for (const ethnicity of ETHNICITIES) {
    const filters = [{ kind: 'in', field: 'ethnicity', in: [ethnicity] }];
    const found = (await byDistrict(filters)).find(([, n]) => n >= 1 && n <= 4);
    if (found) {
      small = { filters, district: found[0], count: found[1] };
      break;
    }
  }
  expect(small).toBeDefined();
  await world.dispatcher.call('releases.start', { name: 'Districts printed' });
  // As if an earlier export had printed every district, the small one included.
  const session = world.services.session;
  const counts = await byDistrict(small.filters);
  exported = await session.exclusive(async () =>
    recordPrintedDistricts(session.current().db, {
      title: EARLIER_TITLE,
      destination: world.file('districts.csv'),
      filters: small.filters,
      counts,
    }),
  );
  await world.dispatcher.call('figures.save', {
    figure: {
      name: 'district by sex',
      title: 'Victims by district and sex',
      chart: 'bar',
      query: { cohort: 'victims', rows: ['district'], cols: ['sex'], filters: small.filters, disclosure: DISCLOSURE },
    },
  });
}, 300_000);
afterAll(async () => world?.close());

/** ‘One ethnic group by district’, exported YYYY-MM-DD, as the register dates it. */
function earlierOutput(): string {
  return `‘${EARLIER_TITLE}’, exported ${exported}`;
}

/** What the workspace has recorded and written so far: audit entries, register entries, files. */
async function footprint(): Promise<{ audit: number; register: number; files: string[] }> {
  return {
    audit: (await world.dispatcher.call('audit.list', { limit: 1000 })).entries.length,
    register: (await world.dispatcher.call('publications.list', {})).publications.length,
    files: readdirSync(world.dir).sort(),
  };
}

describe('a table export whose small counts an earlier output gave away', () => {
  it('warns in the table preview before the export, which writes and registers nothing', async () => {
    const before = await footprint();
    expect(before.register).toBe(1);
    tablePreview = await world.dispatcher.call('export.tablePreview', { name: 'district by sex' });
    expect(tablePreview.warnings).toHaveLength(1);
    expect(tablePreview.warnings[0]).toContain(`from what ${earlierOutput()}, published before it`);
    // The small district's cells at least are to be hidden.
    expect(tablePreview.suppressedCells).toBeGreaterThan(0);
    expect(await footprint()).toEqual(before);
  }, 600_000);

  it('warns in the preview and the reply, naming the output; the file names none', async () => {
    // Each sex of the small district is at most its printed count, below any small value plus 5.
    expect(small.count).toBeLessThan(DISCLOSURE.threshold);
    const preview = await world.dispatcher.call('figure.previewSvg', { name: 'district by sex' });
    expect(preview.warnings).toHaveLength(1);
    expect(preview.warnings[0]).toContain(`from what ${earlierOutput()}, published before it`);
    expect(preview.svg).not.toContain(EARLIER_TITLE);

    const path = world.file('district by sex.csv');
    const out = await world.dispatcher.call('export.figure', { name: 'district by sex', format: 'csv', path });
    expect(out.warnings).toEqual(preview.warnings);
    expect(out.warnings).toEqual(tablePreview.warnings);
    expect(out.warnings[0]).toMatch(/^(A hidden small count|\d+ hidden small counts) of this table can already/);
    const file = readFileSync(path, 'utf8');
    expect(file).not.toContain(EARLIER_TITLE);
    expect(file).not.toContain('can already be narrowed');
    // The small district's cells are hidden, not printed.
    const line = file
      .split('\n')
      .find((l) => l.startsWith(`${small.district},`) || l.startsWith(`"${small.district}"`));
    expect(line).toBeDefined();
    expect(line).toMatch(/\[c\]/);
    // The preview counted the cells the file hides: the file's own marks say how many.
    expect(out.suppressedCells).toBe(tablePreview.suppressedCells);
    expect(hiddenInnerCells(file)).toBe(tablePreview.suppressedCells);
  }, 600_000);

  it('warns after an infographic export whose chart is that table; the file names no output', async () => {
    const path = world.file('given away.svg');
    const out = await world.dispatcher.call('export.infographic', {
      doc: {
        name: 'Given away',
        blocks: [{ kind: 'chart', at: { col: 0, row: 0, colSpan: 12, rowSpan: 8 }, figure: 'district by sex' }],
      },
      format: 'svg',
      path,
    });
    expect(out.warnings.filter((w) => w.includes(`from what ${earlierOutput()}, published before it`))).toHaveLength(1);
    expect(readFileSync(path, 'utf8')).not.toContain(EARLIER_TITLE);
  }, 600_000);

  it('warns of nothing where no earlier output narrowed a count', async () => {
    await world.dispatcher.call('figures.save', {
      figure: {
        name: 'district by sex, all',
        title: 'Victims by district and sex',
        chart: 'bar',
        query: { cohort: 'victims', rows: ['district'], cols: ['sex'], disclosure: DISCLOSURE },
      },
    });
    const out = await world.dispatcher.call('export.figure', {
      name: 'district by sex, all',
      format: 'csv',
      path: world.file('all.csv'),
    });
    expect(out.warnings).toEqual([]);
  }, 600_000);
});
