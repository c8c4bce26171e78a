// A crafted register entry: an earlier output that printed victims by district under `filters`,
// every count as it is (a small one included), as if published under a laxer rule. A table of
// the same filters protected after it cannot take back what it printed.
import type { PublishedTable } from '../../shared/contract/release.ts';
import { QuerySpecSchema } from '../../shared/query.ts';
import { openRelease, publicationsOf, recordPublication } from '../../src-main/store/publications.ts';
import type { Workspace } from '../../src-main/store/workspace.ts';

/** Records the output in the open release (opened if none); the date it was exported, YYYY-MM-DD. */
export function recordPrintedDistricts(
  db: Workspace['db'],
  input: { title: string; destination: string; filters: unknown[]; counts: Iterable<[string, number]> },
): string {
  const printed: PublishedTable = {
    spec: QuerySpecSchema.parse({ cohort: 'victims', rows: ['district'], filters: input.filters }) as unknown as Record<
      string,
      unknown
    >,
    cells: [...input.counts].map(([district, value]) => ({
      key: { district },
      row: null,
      col: null,
      value,
      shown: value,
      status: 'published',
    })),
  };
  recordPublication(db, { kind: 'figure', title: input.title, destination: input.destination, tables: [printed] });
  const publication = publicationsOf(db, openRelease(db)!.id).find((p) => p.title === input.title)!;
  return publication.publishedAt.slice(0, 10);
}
