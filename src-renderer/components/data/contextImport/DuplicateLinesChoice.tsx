// Lines the dataset already holds: kept as distinct records, or dropped.
import type { ContextImportState } from './useContextImport.ts';

export function DuplicateLinesChoice({ state }: { state: ContextImportState }) {
  const { duplicates, setDuplicates } = state;
  return (
    <fieldset className="stack">
      <legend>Lines the dataset already holds, in every column</legend>
      <p className="muted small">
        An earlier file may overlap this one. Lines repeated within a file are always kept: police.uk repeats distinct
        incidents exactly.
      </p>
      <label>
        <input
          type="radio"
          name="context-duplicates"
          checked={duplicates === 'keep'}
          onChange={() => setDuplicates('keep')}
        />{' '}
        Keep them as distinct records (counted)
      </label>
      <label>
        <input
          type="radio"
          name="context-duplicates"
          checked={duplicates === 'reject'}
          onChange={() => setDuplicates('reject')}
        />{' '}
        Drop them (kept in the import history as rejected lines)
      </label>
    </fieldset>
  );
}
