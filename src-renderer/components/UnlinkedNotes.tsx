// Earlier outputs of the release that an output's tables could not be protected together with
// (a check ran out of time, or records and persons that are not one table with margins): told to
// the analyst with what to do, after an export and in the register. Never printed on the output.
import type { UnlinkedNote } from '../../shared/contract/release.ts';

function sentence(note: UnlinkedNote): string {
  return `${note.table.charAt(0).toUpperCase()}${note.table.slice(1)}: ${note.note}`;
}

/** After an export: a warning block, or nothing when every earlier output was linked. */
export function UnlinkedNotes({ notes }: { notes: readonly UnlinkedNote[] }) {
  if (notes.length === 0) return null;
  return (
    <div className="alert alert-warning" role="status" data-testid="unlinked-notes">
      <strong>
        Not protected together with everything this release published. Check before you publish it; this note is for you
        and is not in the file.
      </strong>
      <ul className="warning-list" aria-label="Not protected together">
        {notes.map((n) => (
          <li key={sentence(n)}>{sentence(n)}</li>
        ))}
      </ul>
    </div>
  );
}

/** In the register's "why" column: one line per note. */
export function UnlinkedNoteLines({ notes }: { notes: readonly UnlinkedNote[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="warning-list" aria-label="Not protected together">
      {notes.map((n) => (
        <li key={sentence(n)}>Warning: {sentence(n)}</li>
      ))}
    </ul>
  );
}
