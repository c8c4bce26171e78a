// The "hidden because of …" reasons of an export whose release holds an output of the other
// measure too large to protect together with it (issue 19), through the real dispatcher on a
// real encrypted workspace, with the hand-made suspects of timeToOutcomeRelease.test.ts.
// Suspects by offence group (records), then persons by district × sex × offence group with an
// outcome date, then suspects by offence group with an outcome date: the persons table is left
// out of the third's protection as unlinked, and explaining the third's extra hidden cells
// threw. The second way to the same answer: the same two records tables in a release without
// the persons table between them, where nothing is left out.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Filter, type QuerySpec, QuerySpecSchema } from '../../../shared/query.ts';
import { checkInRelease } from '../../../src-main/app/publication/disclosureCheck.ts';
import { openWorld, type ReportWorld } from './reportTestKit.ts';
import { importTimedSuspects, TIMED_GROUPS } from './timedSuspects.ts';

const TIMED: Filter[] = [{ kind: 'in', field: 'outcome_timed', in: ['Yes'] }];
const ALL_SUSPECTS = 'Suspects by offence group';
const PERSONS = 'Persons timed by district, sex and offence group';
const TIMED_SUSPECTS = 'Timed suspects by offence group';

let world: ReportWorld;
let figures: Record<string, Partial<QuerySpec>>;

beforeAll(async () => {
  world = await openWorld();
  const records = await importTimedSuspects(world);
  expect(records).toBe(Object.values(TIMED_GROUPS).reduce((n, g) => n + g.timed + g.untimed, 0));
  figures = {
    [ALL_SUSPECTS]: { cohort: 'suspects', rows: ['offence_group'], measure: 'records' },
    [PERSONS]: {
      cohort: 'suspects',
      rows: ['district', 'sex'],
      cols: ['offence_group'],
      measure: 'persons',
      filters: TIMED,
    },
    [TIMED_SUSPECTS]: { cohort: 'suspects', rows: ['offence_group'], measure: 'records', filters: TIMED },
  };
  for (const [name, query] of Object.entries(figures)) {
    await world.dispatcher.call('figures.save', {
      figure: { name, title: name, chart: 'table', query: query as QuerySpec },
      overwrite: true,
    });
  }
}, 300_000);
afterAll(async () => world?.close());

/** Exports the saved figures in order into the open release; the file and register entry of the last. */
async function exportInOrder(release: string, names: readonly string[]) {
  let last = { text: '', unlinked: [] as string[] };
  for (const name of names) {
    const path = world.file(`${release}-${name}.csv`);
    const out = await world.dispatcher.call('export.figure', { name, format: 'csv', path });
    last = { text: readFileSync(path, 'utf8'), unlinked: out.unlinked.map((u) => u.note) };
  }
  const [entry] = (await world.dispatcher.call('publications.list', {})).publications;
  expect(entry!.title).toBe(names.at(-1));
  return { ...last, reasons: entry!.reasons };
}

describe('reasons of an export beside an unlinked output of the other measure', () => {
  it('are those of the release without it, and name only outputs protected together', async () => {
    await world.dispatcher.call('releases.start', { name: 'With the persons table' });
    const withPersons = await exportInOrder('with', [ALL_SUSPECTS, PERSONS, TIMED_SUSPECTS]);
    await world.dispatcher.call('releases.start', { name: 'Records only' });
    const recordsOnly = await exportInOrder('records', [ALL_SUSPECTS, TIMED_SUSPECTS]);

    // The persons table is left out of the third's protection, and the analyst is told so.
    expect(withPersons.unlinked).toEqual([expect.stringContaining(`Not protected together with ‘${PERSONS}’`)]);
    expect(recordsOnly.unlinked).toEqual([]);
    // The records table makes the third hide more than it would alone (as in the time-to-outcome test).
    expect(recordsOnly.reasons.map((r) => r.reason)).toEqual([
      expect.stringContaining(`hidden because of ‘${ALL_SUSPECTS}’`),
    ]);
    // Same published table, same reasons: the unlinked persons table neither hides nor is blamed.
    expect(withPersons.reasons).toEqual(recordsOnly.reasons);
    expect(withPersons.reasons.map((r) => r.reason).join(' ')).not.toContain(PERSONS);
    expect(withPersons.text.split(/\r?\n\r?\n/)[0]).toBe(recordsOnly.text.split(/\r?\n\r?\n/)[0]);
  }, 600_000);

  it('are checked by vso disclosure check against the modelled outputs only', async () => {
    await world.dispatcher.call('releases.start', { name: 'Checked before export' });
    await exportInOrder('check', [ALL_SUSPECTS, PERSONS]);
    const spec = QuerySpecSchema.parse(figures[TIMED_SUSPECTS]);
    const check = await checkInRelease(world.services.session.current(), world.services.analysis, spec, undefined);
    expect(check!.audit.unlinked).toEqual([expect.stringContaining(`Not protected together with ‘${PERSONS}’`)]);
    expect(check!.audit.against.join(' ')).not.toContain(PERSONS);
    // What exporting it would hide, and why: as the export in the release without the persons table.
    await world.dispatcher.call('releases.start', { name: 'Records only, checked' });
    await exportInOrder('check-records', [ALL_SUSPECTS]);
    const recordsOnly = await checkInRelease(
      world.services.session.current(),
      world.services.analysis,
      spec,
      undefined,
    );
    expect(recordsOnly!.audit.export.length).toBeGreaterThan(0);
    expect(check!.audit).toEqual({ ...recordsOnly!.audit, unlinked: check!.audit.unlinked });
  }, 600_000);
});
