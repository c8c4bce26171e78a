// Every note the engine and disclosure control attach to a result (why statistics are withheld,
// how the computed repeat flag agrees with the extract's, ...), listed under the table.
import type { QueryResult } from '../../../shared/query.ts';

export function ResultNotes({ result }: { result: Pick<QueryResult, 'meta'> }) {
  const notes = [...new Set(result.meta.warnings)];
  if (notes.length === 0) return null;
  return (
    <div className="result-notes">
      <h3 id="result-notes-title" className="small">
        Notes on this table
      </h3>
      <ul aria-labelledby="result-notes-title" data-testid="result-notes">
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </div>
  );
}
