// A real workspace for a needs test: generated offenders with the women of Fenland given the
// needs asked, imported, a release started, and one earlier output recorded in it.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { recordPublication } from '../../../src-main/store/publications.ts';
import { csvOf, fenlandWomenWithNeeds } from '../../helpers/givenAwayRegister.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

export interface EarlierOutput {
  title: string;
  fileName: string;
  tables: PublishedTable[];
}

export async function fenlandNeedsWorld(
  needsInTurn: readonly (readonly string[])[],
  release: string,
  earlier: EarlierOutput,
): Promise<ReportWorld> {
  const world = await openWorld();
  const rows = parse(readFileSync(await generated(world, 'offenders', 3000, 31), 'utf8'), {
    columns: true,
    bom: true,
  }) as Record<string, string>[];
  const file = world.file('crafted.csv');
  writeFileSync(file, csvOf(fenlandWomenWithNeeds(rows, needsInTurn)));
  await world.importFile('offenders', file);
  await world.dispatcher.call('releases.start', { name: release });
  const session = world.services.session;
  await session.exclusive(async () =>
    recordPublication(session.current().db, {
      kind: 'figure',
      title: earlier.title,
      destination: world.file(earlier.fileName),
      tables: earlier.tables,
    }),
  );
  return world;
}
