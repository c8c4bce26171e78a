// What an export wrote (paths and sizes) or why it did not, any warnings, and what it could not
// be protected together with.
import type { UnlinkedNote } from '../../../shared/contract/release.ts';
import type { ExportedFileDto } from '../../../shared/contract/report.ts';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { UnlinkedNotes } from '../UnlinkedNotes.tsx';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportResult({
  error,
  files,
  warnings = [],
  unlinked = [],
}: {
  error: string | null;
  files: ExportedFileDto[];
  warnings?: string[];
  unlinked?: readonly UnlinkedNote[];
}) {
  return (
    <>
      <ErrorAlert message={error} />
      {files.length > 0 ? (
        <div className="alert alert-success" role="status" data-testid="export-written">
          {files.map((f) => (
            <div key={f.path}>
              Wrote <span className="mono">{f.path}</span> ({formatBytes(f.bytes)})
            </div>
          ))}
          <div className="small">Recorded in the audit log with the disclosure rule applied.</div>
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="alert alert-warning warning-list" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <UnlinkedNotes notes={unlinked} />
    </>
  );
}
