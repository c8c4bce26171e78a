// The import wizard's state and its three calls (preview, check, import), held in one hook so
// each step's component only shows and asks. Leaving the screen mid-way asks first. Only the
// answer to the latest call is shown: a late answer to an earlier one never undoes a later step.
import { useRef, useState, type FormEvent } from 'react';
import type { ImportAnalysis, ImportPreview, ImportResultDto, MappingDto } from '../../../../shared/contract/data.ts';
import { dataCalls } from '../../../data/data.ts';
import { useLongCall } from '../../../state/useLongCall.ts';
import { useUnsavedWork } from '../../../state/unsavedWork.tsx';

export type Cohort = 'victims' | 'suspects' | 'offenders';
export type Step = 'choose' | 'mapping' | 'check' | 'importing' | 'done';
export type UnmappedChoice = '' | 'unknown' | 'reject';
export type DateOrder = 'auto' | 'dmy' | 'mdy';

export function useImportWizard(onDone: () => void) {
  const [step, setStep] = useState<Step>('choose');
  const [cohort, setCohort] = useState<Cohort>('victims');
  const [path, setPath] = useState('');
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<MappingDto | null>(null);
  const [analysis, setAnalysis] = useState<ImportAnalysis | null>(null);
  const [result, setResult] = useState<ImportResultDto | null>(null);
  const [profileName, setProfileName] = useState('');
  const [importAgain, setImportAgain] = useState(false);
  const [unmappedChoice, setUnmappedChoice] = useState<UnmappedChoice>('');
  const [dateOrder, setDateOrder] = useState<DateOrder>('auto');
  const [duplicateRows, setDuplicateRows] = useState<'keep' | 'reject' | undefined>(undefined);
  /** The analyst said the file has no header line: its columns are named by position. */
  const [noHeader, setNoHeader] = useState(false);
  /** Without a header line: the saved profile whose columns name the file's, by position. */
  const [positionalProfile, setPositionalProfile] = useState<string | null>(null);
  /** Age ranges coarser than the bands: Unknown, and kept as written in a column of their own. */
  const [keepBands, setKeepBands] = useState(false);
  /** The saved profile whose mapping the analyst chose for this file (offered when its columns match). */
  const [appliedProfile, setAppliedProfile] = useState<string | null>(null);
  /** The analyst declined the offered profiles for this file. */
  const [offerDeclined, setOfferDeclined] = useState(false);
  const fileName = path.split(/[\\/]/).pop() ?? path;
  useUnsavedWork(
    step === 'mapping' || step === 'check'
      ? `The import of “${fileName}” is not finished: its column mapping and choices would be lost`
      : null,
  );
  const headerOption = noHeader
    ? { header: false, ...(positionalProfile && preview ? { columnNames: preview.headers } : {}) }
    : {};
  const choices = {
    unmapped: unmappedChoice === '' ? ('fail' as const) : unmappedChoice,
    dateOrder,
    ...(duplicateRows ? { duplicateRows } : {}),
    ...(keepBands ? { sourceBands: 'column' as const } : {}),
  };
  const long = useLongCall();
  /** Numbers the wizard's calls, so an answer is applied only if no later call started. */
  const latestCall = useRef(0);

  const loadPreview = async (
    event?: FormEvent,
    withoutHeader = noHeader,
    byProfile = positionalProfile,
    apply = appliedProfile,
  ): Promise<void> => {
    event?.preventDefault();
    const call = ++latestCall.current;
    const p = await long.run((signal) =>
      dataCalls.preview(
        {
          path,
          cohort,
          ...(sheet ? { sheet } : {}),
          ...(withoutHeader ? { header: false } : {}),
          ...(withoutHeader && byProfile ? { profile: byProfile } : {}),
          ...(!withoutHeader && apply ? { profile: apply } : {}),
        },
        { signal },
      ),
    );
    if (!p || call !== latestCall.current) return;
    // How the file was read is what the screen shows: set with the reading, never before it.
    setNoHeader(withoutHeader);
    setPositionalProfile(byProfile);
    setAppliedProfile(apply);
    setPreview(p);
    setMapping(p.mapping);
    setAnalysis(null);
    setStep('mapping');
  };

  const check = async (): Promise<void> => {
    if (!mapping) return;
    const call = ++latestCall.current;
    setStep('check');
    const a = await long.run((signal, onProgress) =>
      dataCalls.analyse(
        { path, cohort, mapping, ...choices, ...headerOption, ...(sheet ? { sheet } : {}) },
        { signal, onProgress },
      ),
    );
    if (call !== latestCall.current) return;
    // A failed check leaves no earlier result standing beside its error.
    setAnalysis(a ?? null);
  };

  const runImport = async (): Promise<void> => {
    if (!mapping) return;
    const call = ++latestCall.current;
    setStep('importing');
    const r = await long.run((signal, onProgress) =>
      dataCalls.run(
        {
          path,
          cohort,
          mapping,
          ...(sheet ? { sheet } : {}),
          ...headerOption,
          ...(profileName.trim() ? { saveProfileAs: profileName.trim() } : {}),
          ...(appliedProfile && !noHeader ? { profile: appliedProfile } : {}),
          onDuplicateFile: importAgain ? 'import' : 'refuse',
          ...choices,
        },
        { signal, onProgress },
      ),
    );
    // A committed import is shown whatever happened meanwhile; a failed one goes back only if still current.
    if (r) {
      setResult(r);
      setStep('done');
      onDone();
    } else if (call === latestCall.current) {
      setStep('check');
    }
  };

  /** Another step by the analyst's hand: a call still running belonged to the step left, so it stops. */
  const goTo = (next: Step): void => {
    latestCall.current++;
    long.abandon();
    setStep(next);
  };

  /** Choices that belonged to the last file. */
  const forgetFileChoices = (): void => {
    setNoHeader(false);
    setPositionalProfile(null);
    setAppliedProfile(null);
    setOfferDeclined(false);
  };

  // Only the column's own target: a profile may also feed its age ranges, as recorded, to a second one.
  const setTarget = (source: string, target: string | null): void =>
    setMapping((m) => {
      if (!m) return m;
      const own = m.columns.findIndex((c) => c.source === source);
      return { ...m, columns: m.columns.map((c, i) => (i === own ? { ...c, target } : c)) };
    });
  const setRecode = (column: string, raw: string, label: string): void =>
    setMapping((m) => {
      if (!m) return m;
      const rules = { ...(m.recodes[column] ?? {}) };
      if (label === '') delete rules[raw];
      else rules[raw] = label;
      return { ...m, recodes: { ...m.recodes, [column]: rules } };
    });

  const startAgain = (): void => {
    setStep('choose');
    setResult(null);
    setAnalysis(null);
    setPath('');
    setNoHeader(false);
    setPositionalProfile(null);
    setKeepBands(false);
    setAppliedProfile(null);
    setOfferDeclined(false);
    // Another file: saving its mapping under the last name would overwrite that profile.
    setProfileName('');
  };

  return {
    step,
    goTo,
    cohort,
    setCohort,
    path,
    setPath,
    sheet,
    setSheet,
    preview,
    mapping,
    analysis,
    result,
    profileName,
    setProfileName,
    importAgain,
    setImportAgain,
    unmappedChoice,
    setUnmappedChoice,
    dateOrder,
    setDateOrder,
    duplicateRows,
    setDuplicateRows,
    noHeader,
    setNoHeader,
    positionalProfile,
    setPositionalProfile,
    keepBands,
    setKeepBands,
    appliedProfile,
    setAppliedProfile,
    offerDeclined,
    setOfferDeclined,
    long,
    loadPreview,
    check,
    runImport,
    forgetFileChoices,
    setTarget,
    setRecode,
    startAgain,
  };
}

export type ImportWizardState = ReturnType<typeof useImportWizard>;
