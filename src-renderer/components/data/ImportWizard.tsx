// The import wizard: choose a file and cohort, preview it, confirm the column mapping,
// check the whole file (where every value goes, and how), give each unmapped value a
// destination, answer what cannot be guessed (day/month order, repeated lines, whether a
// first line that reads as data is the header: a file without one is read by position), then
// import with progress and cancel. Nothing is imported while a value has no destination.
// A saved profile made from a file with the same columns is offered (one click applies it);
// every step after the first has a way back; leaving the screen mid-way asks first.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type {
  ImportAnalysis,
  ImportPreview,
  ImportResultDto,
  MappingDto,
  ValueDestinationsDto,
} from '../../../shared/contract/data.ts';
import type { Progress } from '../../../shared/protocol.ts';
import { apiClient } from '../../api/client.ts';
import { useLongCall } from '../../state/useLongCall.ts';
import { useUnsavedWork } from '../../state/unsavedWork.tsx';
import { ChooseFileButton } from '../ChooseFileButton.tsx';
import { ErrorAlert } from '../NoWorkspace.tsx';

type Cohort = 'victims' | 'suspects' | 'offenders';
type Step = 'choose' | 'mapping' | 'check' | 'importing' | 'done';
type UnmappedChoice = '' | 'unknown' | 'reject';
type DateOrder = 'auto' | 'dmy' | 'mdy';

/** How a value found its category, in words. */
const ROUTE_WORDS: Record<ValueDestinationsDto['values'][number]['how'], string> = {
  rule: 'your choice',
  blank: 'blank',
  exact: 'exact',
  standard: 'standard classification',
  synonym: 'known spelling',
  open: 'new label',
  unmapped: 'no sure category',
};

/** Unmapped values the analyst has not yet given a destination, per target column. */
function pendingValues(analysis: ImportAnalysis | null, mapping: MappingDto | null, keepBands: boolean): number {
  if (!analysis || !mapping) return 0;
  let pending = 0;
  for (const d of analysis.valueDestinations) {
    if (keepBands && d.target === 'age_band') continue;
    for (const v of d.values) if (v.how === 'unmapped' && !mapping.recodes[d.target]?.[v.value]) pending++;
  }
  return pending;
}

/** The age band has values coarser than its bands (`over 34`) with no destination yet. */
function hasCoarseBands(analysis: ImportAnalysis | null): boolean {
  return (
    analysis?.valueDestinations.some((d) => d.target === 'age_band' && d.values.some((v) => v.how === 'unmapped')) ??
    false
  );
}

const number = new Intl.NumberFormat('en-GB');

export function ImportWizard({ onDone, categoriesOf }: { onDone(): void; categoriesOf(column: string): string[] }) {
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
  const currentStep = useRef<HTMLLIElement>(null);
  const firstStep = useRef(true);
  // A new step replaces the controls that had focus: keyboard and screen-reader users start at its name.
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    currentStep.current?.focus();
  }, [step]);
  const headerOption = noHeader
    ? { header: false, ...(positionalProfile && preview ? { columnNames: preview.headers } : {}) }
    : {};
  const choices = {
    unmapped: unmappedChoice === '' ? ('fail' as const) : unmappedChoice,
    dateOrder,
    ...(duplicateRows ? { duplicateRows } : {}),
    ...(keepBands ? { sourceBands: 'column' as const } : {}),
  };
  const { busy, progress, error, run: runWithProgress, cancel } = useLongCall();

  const loadPreview = async (
    event?: FormEvent,
    withoutHeader = noHeader,
    byProfile = positionalProfile,
    apply = appliedProfile,
  ): Promise<void> => {
    event?.preventDefault();
    const p = await runWithProgress((signal) =>
      apiClient().call(
        'import.preview',
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
    if (!p) return;
    setPreview(p);
    setMapping(p.mapping);
    setAnalysis(null);
    setStep('mapping');
  };

  const check = async (): Promise<void> => {
    if (!mapping) return;
    setStep('check');
    const a = await runWithProgress((signal, onProgress) =>
      apiClient().call(
        'import.analyse',
        { path, cohort, mapping, ...choices, ...headerOption, ...(sheet ? { sheet } : {}) },
        { signal, onProgress },
      ),
    );
    // A failed check leaves no earlier result standing beside its error.
    setAnalysis(a ?? null);
  };

  const runImport = async (): Promise<void> => {
    if (!mapping) return;
    setStep('importing');
    const r = await runWithProgress((signal, onProgress) =>
      apiClient().call(
        'import.run',
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
    if (r) {
      setResult(r);
      setStep('done');
      onDone();
    } else {
      setStep('check');
    }
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

  return (
    <div className="card wizard" aria-labelledby="wizard-title">
      <h2 id="wizard-title">Import an extract</h2>
      <ol className="steps" aria-label="Import steps">
        {(['choose', 'mapping', 'check', 'importing', 'done'] as const).map((s, i) => (
          <li
            key={s}
            className={s === step ? 'current' : undefined}
            aria-current={s === step ? 'step' : undefined}
            ref={s === step ? currentStep : undefined}
            tabIndex={s === step ? -1 : undefined}
          >
            {i + 1}. {{ choose: 'File', mapping: 'Columns', check: 'Check', importing: 'Import', done: 'Done' }[s]}
          </li>
        ))}
      </ol>
      <ErrorAlert message={error} />

      {step === 'choose' ? (
        <form
          onSubmit={(e) => {
            // A new preview asks again about a matching profile the analyst declined before.
            setOfferDeclined(false);
            void loadPreview(e);
          }}
          className="stack"
        >
          <div className="row">
            <label className="inline-field">
              Cohort
              <select
                aria-label="Cohort"
                value={cohort}
                onChange={(e) => {
                  setCohort(e.target.value as Cohort);
                  forgetFileChoices();
                }}
              >
                <option value="victims">Victims</option>
                <option value="suspects">Suspects</option>
                <option value="offenders">Offenders</option>
              </select>
            </label>
          </div>
          <div className="field">
            <label htmlFor="import-path">Extract file (CSV or Excel)</label>
            <div className="row">
              <input
                id="import-path"
                className="grow-input"
                value={path}
                onChange={(e) => {
                  setPath(e.target.value);
                  forgetFileChoices();
                }}
                placeholder="/home/analyst/extracts/victims-2024.csv"
                required
              />
              <ChooseFileButton
                purpose="import"
                label="Choose the extract file"
                onChosen={(chosen) => {
                  setPath(chosen);
                  forgetFileChoices();
                }}
              />
            </div>
            <span className="hint">Only the first rows are read for the preview.</span>
          </div>
          <div>
            <button className="btn btn-primary" type="submit" disabled={busy || path.trim() === ''}>
              {busy ? 'Reading…' : 'Preview'}
            </button>
          </div>
        </form>
      ) : null}

      {step === 'mapping' && preview && mapping ? (
        <div className="stack">
          <p className="muted small">
            {preview.format.toUpperCase()} {preview.encoding ? `· ${preview.encoding}` : ''}{' '}
            {preview.delimiter ? `· delimiter “${preview.delimiter === '\t' ? 'tab' : preview.delimiter}”` : ''} ·{' '}
            {preview.headers.length} columns
          </p>
          {preview.sheets && preview.sheets.length > 1 ? (
            <label className="inline-field">
              Sheet
              <select
                aria-label="Sheet"
                value={sheet ?? preview.sheet ?? ''}
                onChange={(e) => {
                  setSheet(e.target.value);
                }}
              >
                {preview.sheets.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
              <button type="button" className="btn btn-small" onClick={() => void loadPreview()}>
                Reload
              </button>
            </label>
          ) : null}
          <ProfileOffer
            offered={appliedProfile === null && !offerDeclined && !noHeader ? (preview.matchingProfiles ?? []) : []}
            applied={noHeader ? null : appliedProfile}
            onApply={(name) => {
              setAppliedProfile(name);
              void loadPreview(undefined, false, null, name);
            }}
            onDecline={() => setOfferDeclined(true)}
          />
          {preview.profileWarnings.map((w) => (
            <p key={w} className="alert alert-warning">
              {w}
            </p>
          ))}
          {preview.firstLineIsData && !noHeader ? (
            <fieldset className="alert alert-warning" data-testid="header-question">
              <legend>Does this file have a header line?</legend>
              <p className="small">
                Its first line looks like data, not a header line ({preview.firstLineIsData}): the header may have been
                lost when the file was passed on. Read as it is, that first record would name the columns and be lost.
              </p>
              <button
                type="button"
                className="btn"
                onClick={() => {
                  setNoHeader(true);
                  void loadPreview(undefined, true);
                }}
              >
                No header line: read the first line as data
              </button>
              {(preview.positionalProfiles ?? []).map((name) => (
                <button
                  key={name}
                  type="button"
                  className="btn"
                  onClick={() => {
                    setNoHeader(true);
                    setPositionalProfile(name);
                    void loadPreview(undefined, true, name);
                  }}
                >
                  No header line: its columns are those of profile “{name}”
                </button>
              ))}
            </fieldset>
          ) : null}
          {noHeader ? (
            <p className="alert alert-warning" role="status" data-testid="no-header">
              {positionalProfile
                ? `Read without a header line: the first line is row 1 of data, and the columns are those of profile “${positionalProfile}”, by position, mapped as it says. Check where each one goes.`
                : 'Read without a header line: the first line is row 1 of data, and the columns are named by position. Say where each one goes.'}
            </p>
          ) : null}
          <table className="data small mapping-table" aria-label="Column mapping">
            <thead>
              <tr>
                <th>Column in the file</th>
                <th>First values</th>
                <th>Goes to</th>
              </tr>
            </thead>
            <tbody>
              {preview.headers.map((h, j) => {
                const target = mapping.columns.find((c) => c.source === h)?.target ?? null;
                const examples = [...new Set(preview.rows.slice(0, 12).map((row) => (row[j] ?? '').trim()))]
                  .filter((v) => v !== '')
                  .slice(0, 4);
                return (
                  <tr key={h} className={target ? 'mapped' : 'unmapped'}>
                    <th scope="row">{h}</th>
                    <td className="muted examples">{examples.join(' · ')}</td>
                    <td>
                      <select
                        aria-label={`Map column ${h}`}
                        value={target ?? ''}
                        onChange={(e) => setTarget(h, e.target.value === '' ? null : e.target.value)}
                        className={target ? 'mapped' : 'unmapped'}
                      >
                        <option value="">(leave out)</option>
                        {preview.targets.map((t) => (
                          <option key={t.name} value={t.name}>
                            {t.label}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <details>
            <summary>Preview of the first rows</summary>
            <div className="preview-scroll">
              <table className="data small" aria-label="Preview of the first rows">
                <thead>
                  <tr>
                    {preview.headers.map((h) => (
                      <th key={h}>{h}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.slice(0, 8).map((row, i) => (
                    <tr key={i}>
                      {row.map((cell, j) => (
                        <td key={j}>{cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
          <div className="row">
            <button className="btn" type="button" onClick={() => setStep('choose')}>
              Back
            </button>
            <button className="btn btn-primary" type="button" onClick={() => void check()}>
              Check the whole file
            </button>
          </div>
        </div>
      ) : null}

      {step === 'check' ? (
        <div className="stack">
          {busy ? <ProgressBar progress={progress} onCancel={cancel} label="Checking every row" /> : null}
          {!analysis && !busy ? (
            // The check failed (a mapping it cannot use, an unreadable file): the way back is here.
            <div className="row">
              <button className="btn" type="button" onClick={() => setStep('mapping')}>
                Back to columns
              </button>
              <button className="btn" type="button" onClick={() => void check()}>
                Check again
              </button>
            </div>
          ) : null}
          {analysis ? (
            <>
              <div className="summary-grid">
                <div>
                  <span className="big" data-testid="would-accept">
                    {number.format(analysis.wouldAccept)}
                  </span>
                  <span className="muted">rows will be imported</span>
                </div>
                <div>
                  <span className="big" data-testid="would-reject">
                    {number.format(analysis.wouldReject)}
                  </span>
                  <span className="muted">rows will be kept aside as rejected, with their reasons</span>
                </div>
              </div>
              {analysis.duplicateFileOf !== null ? (
                <div className="alert alert-warning" role="status">
                  This exact file was already imported (batch {analysis.duplicateFileOf}).{' '}
                  <label className="check">
                    <input type="checkbox" checked={importAgain} onChange={(e) => setImportAgain(e.target.checked)} />{' '}
                    Import it again anyway
                  </label>
                </div>
              ) : null}
              {analysis.warnings.map((w) => (
                <p key={w} className="alert alert-warning">
                  {w}
                </p>
              ))}
              {Object.keys(analysis.reasons).length > 0 ? (
                <table className="data small" aria-label="Rejection reasons">
                  <thead>
                    <tr>
                      <th>Reason</th>
                      <th className="num">Rows</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(analysis.reasons).map(([reason, count]) => (
                      <tr key={reason}>
                        <td>{reason.replace(/_/g, ' ')}</td>
                        <td className="num">{number.format(count)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {analysis.dateOrderQuestion ? (
                <fieldset className="alert alert-warning">
                  <legend>Which way round are day and month?</legend>
                  <p className="small">
                    Some dates fit only month/day order ({analysis.dateOrder.monthFirstOnly} distinct), others only
                    day/month ({analysis.dateOrder.dayFirstOnly}). Choose the order, then check again: dates that fit
                    only the other order are rejected with that reason.
                  </p>
                  <label className="check">
                    <input
                      type="radio"
                      name="date-order"
                      checked={dateOrder === 'dmy'}
                      onChange={() => setDateOrder('dmy')}
                    />{' '}
                    Day first (31/12/2021)
                  </label>
                  <label className="check">
                    <input
                      type="radio"
                      name="date-order"
                      checked={dateOrder === 'mdy'}
                      onChange={() => setDateOrder('mdy')}
                    />{' '}
                    Month first (12/31/2021)
                  </label>
                </fieldset>
              ) : null}
              <RepeatedLines analysis={analysis} choice={duplicateRows} onChoose={setDuplicateRows} />
              <ValueDestinations
                destinations={analysis.valueDestinations}
                mapping={mapping}
                categoriesOf={categoriesOf}
                onRecode={setRecode}
              />
              {hasCoarseBands(analysis) || keepBands ? (
                <fieldset className="alert alert-warning" data-testid="source-bands">
                  <legend>Age ranges coarser than the age bands</legend>
                  <p className="small">
                    A range such as “over 34” spans several bands and is never put in one. Choose Unknown for it above,
                    or keep the ranges as the source wrote them in a column of their own.
                  </p>
                  <label className="check">
                    <input type="checkbox" checked={keepBands} onChange={(e) => setKeepBands(e.target.checked)} /> Make
                    them Unknown, and keep every age range as recorded in the column “Age band as recorded” (a dimension
                    in Explore)
                  </label>
                </fieldset>
              ) : null}
              {pendingValues(analysis, mapping, keepBands) > 0 ? (
                <fieldset className="alert alert-warning" data-testid="unmapped-waiting">
                  <legend>
                    {pendingValues(analysis, mapping, keepBands)} value(s) have no sure category: choose one for each
                    above, or for all of them
                  </legend>
                  <label className="inline-field">
                    Values left without a category
                    <select
                      aria-label="Values left without a category"
                      value={unmappedChoice}
                      onChange={(e) => setUnmappedChoice(e.target.value as UnmappedChoice)}
                    >
                      <option value="">(choose)</option>
                      <option value="unknown">Keep their rows, as Unknown</option>
                      <option value="reject">Reject their rows</option>
                    </select>
                  </label>
                </fieldset>
              ) : null}
              {analysis.sampleRejected.length > 0 ? (
                <details>
                  <summary>Sample of rejected rows ({analysis.sampleRejected.length})</summary>
                  <table className="data small" aria-label="Sample of rejected rows">
                    <thead>
                      <tr>
                        <th>Row</th>
                        <th>Why</th>
                      </tr>
                    </thead>
                    <tbody>
                      {analysis.sampleRejected.slice(0, 20).map((r) => (
                        <tr key={r.line}>
                          <td className="num">{r.line}</td>
                          <td>
                            {r.reasons
                              .map((x) => `${x.column}: “${x.value}” (${x.rule.replace(/_/g, ' ')})`)
                              .join('; ')}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              ) : null}
              <label className="inline-field">
                Save this mapping as a profile
                <input
                  aria-label="Profile name"
                  value={profileName}
                  onChange={(e) => setProfileName(e.target.value)}
                  placeholder="e.g. Police victims extract"
                />
              </label>
              <div className="row">
                <button className="btn" type="button" onClick={() => setStep('mapping')}>
                  Back to columns
                </button>
                <button className="btn" type="button" onClick={() => void check()}>
                  Check again
                </button>
                <button
                  className="btn btn-primary"
                  type="button"
                  onClick={() => void runImport()}
                  disabled={
                    (analysis.duplicateFileOf !== null && !importAgain) ||
                    (pendingValues(analysis, mapping, keepBands) > 0 && unmappedChoice === '') ||
                    (analysis.dateOrderQuestion && dateOrder === 'auto')
                  }
                >
                  Import {number.format(analysis.wouldAccept)} rows
                </button>
              </div>
            </>
          ) : null}
        </div>
      ) : null}

      {step === 'importing' ? (
        <ProgressBar
          progress={progress}
          onCancel={cancel}
          label="Importing (one transaction: cancel leaves the workspace as it was)"
        />
      ) : null}

      {step === 'done' && result ? (
        <div className="stack">
          <p className="alert alert-success" role="status" data-testid="import-done">
            Imported batch {result.batchId}: {number.format(result.accepted)} records accepted,{' '}
            {number.format(result.rejected)} rejected.
          </p>
          <div className="row">
            <button
              className="btn"
              type="button"
              onClick={() => {
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
              }}
            >
              Import another file
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** Saved profiles made from a file with these columns: one click applies one, or the analyst declines. */
function ProfileOffer({
  offered,
  applied,
  onApply,
  onDecline,
}: {
  offered: readonly string[];
  applied: string | null;
  onApply(name: string): void;
  onDecline(): void;
}) {
  if (applied !== null)
    return (
      <p className="alert alert-success" role="status" data-testid="profile-applied">
        Mapped as the saved profile “{applied}”: its columns and its categories for values. Check where each column
        goes.
      </p>
    );
  if (offered.length === 0) return null;
  return (
    <div
      className="alert alert-warning stack"
      role="group"
      aria-labelledby="profile-offer-title"
      data-testid="profile-offer"
    >
      <p id="profile-offer-title">
        {offered.length === 1
          ? `This file has the same columns as the saved profile “${offered[0]}”. Use its mapping and its categories for values?`
          : 'This file has the same columns as these saved profiles. Use the mapping and categories of one?'}
      </p>
      <div className="row">
        {offered.map((name) => (
          <button key={name} type="button" className="btn btn-primary" onClick={() => onApply(name)}>
            Use profile “{name}”
          </button>
        ))}
        <button type="button" className="btn" onClick={onDecline}>
          No thanks: map it afresh
        </button>
      </div>
    </div>
  );
}

function RepeatedLines({
  analysis,
  choice,
  onChoose,
}: {
  analysis: ImportAnalysis;
  choice: 'keep' | 'reject' | undefined;
  onChoose(choice: 'keep' | 'reject'): void;
}) {
  if (analysis.duplicates === 0) return null;
  return (
    <div className="stack">
      <h3 className="h3">
        Lines repeated in every column ({number.format(analysis.duplicates)}
        {analysis.alreadyInWorkspace
          ? `, of which ${number.format(analysis.alreadyInWorkspace)} already in the workspace`
          : ''}
        )
      </h3>
      <p className="muted small">
        Lines alike in every column can be distinct records (police.uk repeats anti-social behaviour lines that are
        separate incidents). Lines with a record reference are the same record twice and are rejected unless you keep
        them.
      </p>
      <label className="inline-field">
        Repeated lines
        <select
          aria-label="Repeated lines"
          value={choice ?? ''}
          onChange={(e) => onChoose(e.target.value as 'keep' | 'reject')}
        >
          <option value="">As found (reject those with a record reference, keep the rest)</option>
          <option value="keep">Keep them all</option>
          <option value="reject">Reject them all</option>
        </select>
      </label>
      <table className="data small" aria-label="Repeated lines">
        <thead>
          <tr>
            <th className="num">First repeated at row</th>
            <th className="num">Copies</th>
            <th>Already in the workspace</th>
            <th>Values</th>
          </tr>
        </thead>
        <tbody>
          {analysis.repeatedLines.slice(0, 20).map((r) => (
            <tr key={r.line}>
              <td className="num">{r.line}</td>
              <td className="num">{r.copies}</td>
              <td>{r.alreadyInWorkspace ? 'yes (an earlier file)' : 'no'}</td>
              <td>{Object.values(r.values).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ValueDestinations({
  destinations,
  mapping,
  categoriesOf,
  onRecode,
}: {
  destinations: ValueDestinationsDto[];
  mapping: MappingDto | null;
  categoriesOf(column: string): string[];
  onRecode(column: string, raw: string, label: string): void;
}) {
  if (destinations.length === 0) return null;
  return (
    <div className="stack">
      <h3 className="h3">Where each value goes</h3>
      <p className="muted small">
        Every value of the file, with its rows and the category it goes to. Nothing is guessed: a value with no sure
        category waits for your choice. Then check again.
      </p>
      {destinations.map((d) => {
        const unmapped = d.values.filter((v) => v.how === 'unmapped').length;
        return (
          <details key={d.source} open={unmapped > 0}>
            <summary>
              {d.source} → {d.target}: {d.values.length} value(s)
              {unmapped > 0 ? `, ${unmapped} with no sure category` : ''}
            </summary>
            <table className="data small" aria-label={`Values of ${d.source}`}>
              <thead>
                <tr>
                  <th>Value in the file</th>
                  <th className="num">Rows</th>
                  <th>Goes to</th>
                  <th>How</th>
                </tr>
              </thead>
              <tbody>
                {d.values.slice(0, 200).map((v) => {
                  // A saved profile's rules are keyed as the importer normalises values: its choice is the label.
                  const chosen = mapping?.recodes[d.target]?.[v.value] ?? (v.how === 'rule' ? (v.label ?? '') : '');
                  return (
                    <tr key={v.value} className={v.how === 'unmapped' && chosen === '' ? 'unmapped' : undefined}>
                      <td>{v.value === '' ? '(blank)' : v.value}</td>
                      <td className="num">{number.format(v.count)}</td>
                      <td>
                        {v.how === 'unmapped' || v.how === 'rule' ? (
                          <select
                            aria-label={`Category for ${v.value === '' ? '(blank)' : v.value} in ${d.source}`}
                            value={chosen}
                            onChange={(e) => onRecode(d.target, v.value, e.target.value)}
                          >
                            <option value="">(choose)</option>
                            {categoriesOf(d.target).map((c) => (
                              <option key={c}>{c}</option>
                            ))}
                          </select>
                        ) : (
                          (v.label ?? '(blank)')
                        )}
                      </td>
                      <td className="muted">{ROUTE_WORDS[v.how]}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </details>
        );
      })}
    </div>
  );
}

export function ProgressBar({
  progress,
  onCancel,
  label,
}: {
  progress: Progress | null;
  onCancel(): void;
  label: string;
}) {
  const share = progress && progress.total ? Math.min(1, progress.done / progress.total) : null;
  return (
    <div className="progress-block" role="status" aria-live="polite">
      <div className="row">
        <span>{label}</span>
        <button type="button" className="btn btn-small btn-danger" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={share === null ? undefined : Math.round(share * 100)}
      >
        <span
          style={{ width: share === null ? '30%' : `${share * 100}%` }}
          className={share === null ? 'indeterminate' : undefined}
        />
      </div>
      <span className="muted small">
        {progress
          ? `${progress.phase}: ${number.format(progress.done)}${progress.total ? ` of ${number.format(progress.total)}` : ''}`
          : 'Starting…'}
        {progress?.rate ? ` · ${number.format(Math.round(progress.rate))}/s` : ''}
        {progress?.etaSeconds ? ` · about ${Math.ceil(progress.etaSeconds)} s left` : ''}
      </span>
    </div>
  );
}
