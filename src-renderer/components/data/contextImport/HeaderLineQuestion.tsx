// A first line that reads as data: is it the header, or was the header lost on the way?
import type { ContextImportState } from './useContextImport.ts';

export function HeaderLineQuestion({ state }: { state: ContextImportState }) {
  const { columns, firstLineIsData, headerAnswer, answerHeader, existingRows } = state;
  if (!columns || firstLineIsData === null) return null;
  return (
    <fieldset className="stack alert alert-warning">
      <legend>Does the first line of this file name its columns?</legend>
      <p className="small">Its first line looks like data: {firstLineIsData}.</p>
      <label>
        <input
          type="radio"
          name="header-line"
          checked={headerAnswer === 'none'}
          onChange={() => void answerHeader('none')}
        />{' '}
        No: the file has no header line; its first line is data
        {existingRows !== null ? ' (its columns are the dataset’s, in the same order)' : ''}
      </label>
      <label>
        <input
          type="radio"
          name="header-line"
          checked={headerAnswer === 'header'}
          onChange={() => void answerHeader('header')}
        />{' '}
        Yes: the first line is its header
      </label>
    </fieldset>
  );
}
