// An export never replaces a file unasked: when the main process answers FILE_EXISTS, this asks
// with the resolved path (the file that would be replaced), and the export runs again with
// `overwrite` only if the user says so.
import { isAppError } from '../../../shared/errors.ts';

/** The resolved path of the file an export refused to replace, or null for any other error. */
export function existingFileOf(error: unknown, fallback: string): string | null {
  if (!isAppError(error) || error.code !== 'FILE_EXISTS') return null;
  return error.detail ?? fallback;
}

export function ReplaceFileConfirm({
  path,
  onReplace,
  onKeep,
}: {
  path: string | null;
  onReplace(): void;
  onKeep(): void;
}) {
  if (path === null) return null;
  return (
    <div className="alert alert-warning" role="alertdialog" aria-labelledby="replace-file-title">
      <p id="replace-file-title">{path} already exists. Replace it with this export?</p>
      <div className="row">
        <button type="button" className="btn btn-danger" onClick={onReplace}>
          Replace the file
        </button>
        <button type="button" className="btn" onClick={onKeep}>
          Keep it
        </button>
      </div>
    </div>
  );
}
