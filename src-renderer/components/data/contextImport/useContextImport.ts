// The context import's state and its calls: inspect the first file's columns (asking about a
// header line that reads as data), then import each file as a batch of one dataset.
import { useState, type FormEvent } from 'react';
import type { ContextColumnDto } from '../../../../shared/contract/data.ts';
import { dataCalls } from '../../../data/data.ts';
import { useLongCall } from '../../../state/useLongCall.ts';

export type HeaderAnswer = 'unasked' | 'header' | 'none';

const number = new Intl.NumberFormat('en-GB');

/** The paths of the files box: one a line. */
export function pathsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function useContextImport(onDone: () => void) {
  const [paths, setPaths] = useState('');
  const [firstLineIsData, setFirstLineIsData] = useState<string | null>(null);
  const [headerAnswer, setHeaderAnswer] = useState<HeaderAnswer>('unasked');
  const [existingRows, setExistingRows] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [columns, setColumns] = useState<ContextColumnDto[] | null>(null);
  const [districtFrom, setDistrictFrom] = useState<string | null>(null);
  const [viaLookup, setViaLookup] = useState(false);
  const [districtHint, setDistrictHint] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [duplicates, setDuplicates] = useState<'keep' | 'reject'>('keep');
  const { busy, progress, error, run, cancel } = useLongCall();

  const files = pathsOf(paths);

  const preview = async (header: HeaderAnswer): Promise<void> => {
    const first = files[0];
    if (first === undefined) return;
    const inferred = await run((signal, onProgress) =>
      dataCalls.contextPreview(
        { path: first, ...(header === 'none' ? { header: false } : {}), ...(name ? { appendTo: name } : {}) },
        { signal, onProgress },
      ),
    );
    if (inferred) {
      setFirstLineIsData(inferred.firstLineIsData);
      setExistingRows(inferred.existing?.rows ?? null);
      setColumns(inferred.existing?.columns ?? inferred.columns);
      setDistrictFrom(inferred.districtFrom);
      setViaLookup(inferred.districtFrom !== null && inferred.districtFrom === inferred.lsoaCodeColumn);
      setDistrictHint(inferred.districtHint);
    }
  };

  const inspect = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(null);
    setWarnings([]);
    setHeaderAnswer('unasked');
    await preview('unasked');
  };

  const answerHeader = async (answer: HeaderAnswer): Promise<void> => {
    setHeaderAnswer(answer);
    await preview(answer);
  };

  const importNow = async (): Promise<void> => {
    if (!columns) return;
    const added: string[] = [];
    const notes: string[] = [];
    let rows = 0;
    let imported = 0;
    for (const path of files) {
      const result = await run((signal, onProgress) =>
        dataCalls.importContext(
          {
            path,
            name,
            columns,
            districtFrom,
            append: true,
            duplicates,
            ...(headerAnswer === 'none' ? { header: false } : {}),
            ...(label.trim() ? { label: label.trim() } : {}),
          },
          { signal, onProgress },
        ),
      );
      if (!result) break;
      const repeats = [
        `${number.format(result.alreadyInWorkspace)} already in the workspace${result.duplicatesRejected > 0 ? `, ${number.format(result.duplicatesRejected)} dropped` : ''}`,
        `${number.format(result.repeatedInFile)} repeated within the file`,
      ];
      added.push(
        `${path.split(/[\\/]/).pop() ?? path}: ${number.format(result.rows)} rows (batch ${result.batchId}; ${repeats.join(', ')})`,
      );
      notes.push(...result.warnings);
      rows = result.datasetRows;
      imported += result.rows;
    }
    if (added.length > 0) {
      setDone(
        `Imported ${number.format(imported)} rows into the context dataset “${label.trim() || name}” (${added.join('; ')}); it holds ${number.format(rows)} rows. It is in Explore beside the cohorts.`,
      );
      setWarnings(notes);
      if (added.length === files.length) setColumns(null);
      onDone();
    }
  };

  const mustAnswer = firstLineIsData !== null && headerAnswer === 'unasked';

  const update = (source: string, change: Partial<ContextColumnDto>): void =>
    setColumns((cols) => cols?.map((c) => (c.source === source ? { ...c, ...change } : c)) ?? null);
  return {
    paths,
    setPaths,
    files,
    firstLineIsData,
    headerAnswer,
    existingRows,
    name,
    setName,
    label,
    setLabel,
    columns,
    districtFrom,
    viaLookup,
    districtHint,
    done,
    warnings,
    duplicates,
    setDuplicates,
    busy,
    progress,
    error,
    cancel,
    inspect,
    answerHeader,
    importNow,
    mustAnswer,
    update,
  };
}

export type ContextImportState = ReturnType<typeof useContextImport>;
