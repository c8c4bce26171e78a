// Journeys on a real encrypted workspace, through the importer and the API: six persons
// written by hand into victims, suspects and offenders extracts with known dates, the table
// worked out by hand below, then the same table protected (every count here is small).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { financialYearOf } from '../../../shared/codebook.ts';
import { JOURNEY_TARGETS, JOURNEY_ROLES } from '../../../shared/journeys.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { generateFixture } from '../../../src-main/sample/generator/generate.ts';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createMainServices, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';

/** Each person's records: cohort and date. */
const PERSONS: Record<string, Array<['victims' | 'suspects' | 'offenders', string]>> = {
  // Victim, then suspect 9 days later.
  HJ0000001: [
    ['victims', '2023-01-01'],
    ['suspects', '2023-01-10'],
  ],
  // Suspect first; victim 214 days later (the victim's later record does not move the first).
  HJ0000002: [
    ['victims', '2023-01-01'],
    ['victims', '2023-03-01'],
    ['suspects', '2022-06-01'],
  ],
  // All three: victim, offender 19 days later, suspect 123 days after the victim (104 after the offender).
  HJ0000003: [
    ['victims', '2023-05-01'],
    ['suspects', '2023-09-01'],
    ['offenders', '2023-05-20'],
  ],
  // A suspect only: no journey.
  HJ0000004: [['suspects', '2023-02-01']],
  // Victim and offender on the same day: read as victim first, within the window.
  HJ0000005: [
    ['victims', '2023-02-02'],
    ['offenders', '2023-02-02'],
  ],
  // Suspect, then offender 29 days later.
  HJ0000006: [
    ['suspects', '2023-04-01'],
    ['offenders', '2023-04-30'],
  ],
};

/** The table by hand, with a 30-day window and with a 10-day one: [first role, then role, within?]. */
const BY_HAND_30: Array<[string, string, boolean]> = [
  ['Victim', 'Suspect', true], // 1
  ['Suspect', 'Victim', false], // 2
  ['Victim', 'Suspect', false], // 3 (V, S)
  ['Victim', 'Offender', true], // 3 (V, O)
  ['Offender', 'Suspect', false], // 3 (S, O)
  ['Victim', 'Offender', true], // 5
  ['Suspect', 'Offender', true], // 6
];
const BY_HAND_10: Array<[string, string, boolean]> = BY_HAND_30.map(([a, b, within], i) => [
  a,
  b,
  // 19 days (person 3's victim to offender) and 29 days (person 6) are beyond ten days.
  within && i !== 3 && i !== 6,
]);

function tableOf(byHand: Array<[string, string, boolean]>): number[][] {
  const counts = JOURNEY_ROLES.map(() => new Array<number>(6).fill(0));
  for (const [first, then, within] of byHand) {
    const r = JOURNEY_ROLES.indexOf(first as (typeof JOURNEY_ROLES)[number]);
    const c = JOURNEY_ROLES.indexOf(then as (typeof JOURNEY_ROLES)[number]) * 2 + (within ? 0 : 1);
    counts[r]![c]! += 1;
  }
  return counts;
}

let dir: string;
let services: MainServices;
let api: Dispatcher;

/** A generated canonical line of the cohort as a template, with each person's reference and date put in. */
async function writeExtract(cohort: 'victims' | 'suspects' | 'offenders'): Promise<string> {
  const template = join(dir, `${cohort}-template.csv`);
  await generateFixture({ cohort, rows: 1, seed: 3, dialect: 'canonical', out: template });
  const [header = '', line = ''] = readFileSync(template, 'utf8').split('\n');
  const columns = header.split(',');
  const cells = line.split(',');
  const rows = Object.entries(PERSONS).flatMap(([ref, records]) =>
    records
      .filter(([c]) => c === cohort)
      .map(([, date]) =>
        columns
          .map((name, i) => {
            if (name === 'person_ref') return ref;
            if (name === 'date') return date;
            if (name === 'month') return date.slice(0, 7);
            if (name === 'financial_year') return financialYearOf(date);
            // The template's outcome may fall before the date put in, and such a row is refused.
            if (name === 'outcome_date') return '';
            return cells[i] ?? '';
          })
          .join(','),
      ),
  );
  const path = join(dir, `${cohort}.csv`);
  writeFileSync(path, [header, ...rows].join('\n') + '\n');
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-journeys-'));
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
  services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  api = createDispatcher(createHandlers(services), 'test');
  await api.call('workspace.create', { path: join(dir, 'w.vsow'), passphrase: 'journeys by hand' });
  for (const cohort of ['victims', 'suspects', 'offenders'] as const)
    await api.call('import.run', { cohort, path: await writeExtract(cohort) });
}, 120_000);

afterAll(async () => {
  await services.shutdown?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('journeys on an imported workspace', () => {
  it('orders each person’s cohorts as worked out by hand, with the default 30-day window', async () => {
    const result = (await api.call('engine.query', { cohort: 'journeys', disclosure: null })) as QueryResult;
    expect(result.rows.keys).toEqual(JOURNEY_ROLES.map((r) => [r]));
    expect(result.cols.keys).toEqual(JOURNEY_TARGETS.map((t) => [t]));
    expect(result.counts).toEqual(tableOf(BY_HAND_30));
    expect(result.total).toBe(BY_HAND_30.length);
  });

  it('moves pairs from within the window to later as the window narrows', async () => {
    const result = (await api.call('engine.query', {
      cohort: 'journeys',
      journeyWindowDays: 10,
      disclosure: null,
    })) as QueryResult;
    expect(result.cols.keys).toEqual(JOURNEY_TARGETS.map((t) => [t]));
    expect(result.counts).toEqual(tableOf(BY_HAND_10));
  });

  it('applies each filter to the cohorts that have its column, and the period to all', async () => {
    const result = (await api.call('engine.query', {
      cohort: 'journeys',
      filters: [{ kind: 'dateRange', field: 'date', from: '2023-01-05' }],
      disclosure: null,
    })) as QueryResult;
    // Person 1's victim record and person 2's suspect record fall before the period: only their other
    // cohort is left, so neither has a journey; person 2's victim first day moves to 2023-03-01.
    expect(result.counts).toEqual(tableOf(BY_HAND_30.filter((_p, i) => i !== 0 && i !== 1)));
  });

  it('publishes the table only through disclosure control', async () => {
    const result = (await api.call('engine.query', { cohort: 'journeys' })) as QueryResult;
    const raw = tableOf(BY_HAND_30);
    // Every count here is below the threshold of 5: none is published, zeros stay zeros.
    result.counts.forEach((row, r) =>
      row.forEach((value, c) => expect(value).toBe((raw[r]?.[c] ?? 0) === 0 ? 0 : null)),
    );
    expect(result.disclosure).not.toBeNull();
  });
});
