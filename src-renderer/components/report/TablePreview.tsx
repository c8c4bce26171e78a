// What a table export (XLSX, CSV) will hide, said before the export. A table has no picture to
// preview, but earlier outputs of the release may already have given one of its hidden counts
// away, and the analyst must read that before choosing to export, not after the file is written.
// Asked of main as the export counts the table (again after each export, which joins the
// release); nothing is written or registered. The warnings never go into the file.
import { useDebouncedQuery } from '../../state/useDebouncedQuery.ts';
import { reportCalls } from '../../data/report.ts';
import { GivenAwayWarnings } from '../explore/GivenAwayEarlier.tsx';

/** How many of the table's cells (its totals apart) the file prints as [c], in words. */
export function hiddenCellsLine(cells: number): string {
  if (cells === 0) return 'No cell of this table is hidden by disclosure control.';
  const count = `${cells.toLocaleString('en-GB')} of the table’s cells ${cells === 1 ? 'is' : 'are'}`;
  return `${count} hidden by disclosure control, shown as [c], besides any totals hidden with them.`;
}

/** `exportsWritten` changes after each export, so the preview is asked again. */
export function TablePreview({ name, exportsWritten }: { name: string; exportsWritten: number }) {
  const preview = useDebouncedQuery(JSON.stringify([name, exportsWritten]), (signal) =>
    reportCalls.previewTable({ name }, { signal }),
  );
  return (
    <section className="table-preview" aria-label="What the table export hides" aria-busy={preview.loading}>
      {/* Above the Export button, where it is read before the export. */}
      <GivenAwayWarnings warnings={preview.error === null ? (preview.data?.warnings ?? []) : []} />
      {preview.error !== null ? (
        <p className="alert alert-error" role="status" data-testid="table-preview-problem">
          {preview.error}
        </p>
      ) : (
        <p className="muted small" data-testid="table-preview-hidden">
          {preview.data ? hiddenCellsLine(preview.data.suppressedCells) : 'Counting the table…'}
        </p>
      )}
    </section>
  );
}
