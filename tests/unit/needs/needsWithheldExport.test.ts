// A needs matrix whose squares would narrow an earlier output's hidden count, exported through
// the real app: a workspace file, the dispatcher, the release session and the audit's worker.
// Among the women of Fenland, twenty persons, all with the thinking need, eighteen with finance
// (eight of those with lifestyle too). ‘Finance first’, recorded in the release, hides the two
// without finance and prints the twenty. Finance (18) and finance with thinking (18) would each
// say the two are two: each is hidden as it is resolved through the release (the audit of the
// squares together afterwards finds nothing more to refuse), and the exported file prints
// neither, nor names the earlier output.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema } from '../../../shared/query.ts';
import { FENLAND_WOMEN, FINANCE, LIFESTYLE, THINKING } from '../../helpers/givenAwayRegister.ts';
import type { ReportWorld } from '../report/reportTestKit.ts';
import { fenlandNeedsWorld } from './fenlandNeedsWorld.ts';

type Row = Record<string, string>;

const FILTERS = FENLAND_WOMEN;
/** The needs of the twenty persons kept, in turn; every other woman of Fenland becomes a man. */
const KEPT: string[][] = [
  ...Array<string[]>(8).fill([FINANCE, LIFESTYLE, THINKING]),
  ...Array<string[]>(10).fill([FINANCE, THINKING]),
  ...Array<string[]>(2).fill([THINKING]),
];

function cell(key: Row, value: number, shown: number | null): PublishedTable['cells'][number] {
  return { key, row: null, col: null, value, shown, status: shown === null ? 'secondary' : 'published' };
}

describe('a needs matrix exported beside an earlier output it would narrow', () => {
  let world: ReportWorld;
  beforeAll(async () => {
    world = await fenlandNeedsWorld(KEPT, 'Needs withheld', {
      title: 'Finance first',
      fileName: 'finance first.csv',
      tables: [
        {
          spec: QuerySpecSchema.parse({
            cohort: 'offenders',
            measure: 'persons',
            filters: FILTERS,
            rows: [FINANCE],
          }) as unknown as Record<string, unknown>,
          cells: [cell({ [FINANCE]: 'No' }, 2, null), cell({ [FINANCE]: 'Yes' }, 18, null), cell({}, 20, 20)],
        },
      ],
    });
  }, 300_000);
  afterAll(async () => world?.close());

  it('leaves the refused squares out of the exported file', async () => {
    const path = world.file('needs together.csv');
    const query = { cohort: 'needs', measure: 'persons', filters: FILTERS };
    await world.dispatcher.call('figures.save', { figure: { name: 'needs together', chart: 'table', query } });
    await world.dispatcher.call('export.figure', { name: 'needs together', format: 'csv', path });
    const lines = readFileSync(path, 'utf8').split('\n');
    const header = lines[0]!.split(',');
    const finance = lines.find((l) => l.startsWith('Finance,'))!.split(',');
    // The header's "Education, training and employment" is quoted and holds a comma: read from the end.
    const at = (label: string): string => finance[finance.length - (header.length - header.indexOf(label))]!;
    expect([at('Finance'), at('Thinking and behaviour')]).toEqual(['[c]', '[c]']);
    expect(lines.join('\n')).not.toContain('Finance first');
  }, 900_000);
});
