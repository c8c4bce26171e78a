// The last step: the batch imported, and a way to import another file.
import type { ImportResultDto } from '../../../../shared/contract/data.ts';

const number = new Intl.NumberFormat('en-GB');

export function DoneStep({ result, onAgain }: { result: ImportResultDto; onAgain(): void }) {
  return (
    <div className="stack">
      <p className="alert alert-success" role="status" data-testid="import-done">
        Imported batch {result.batchId}: {number.format(result.accepted)} records accepted,{' '}
        {number.format(result.rejected)} rejected.
      </p>
      <div className="row">
        <button className="btn" type="button" onClick={onAgain}>
          Import another file
        </button>
      </div>
    </div>
  );
}
