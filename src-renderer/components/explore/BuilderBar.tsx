// The cross-tab builder: rows and columns (up to three fields in all), measure (records,
// distinct persons, or a rate per 1,000 residents against a population table),
// percentages, statistics and disclosure control.
import type { DisclosureRule } from '../../../shared/query.ts';
import { RATE_PER, withMeasure, type MeasureChoice } from '../../state/explore/exploreView.ts';

export interface BuilderState {
  rows: string[];
  cols: string[];
  measure: 'records' | 'persons';
  /** Records per `per` residents of a population table; null: counts. */
  rate: { per: number; population: string } | null;
  percent: 'none' | 'row' | 'col' | 'total';
  stats: boolean;
  /** 95% confidence intervals of percentages and rates, and year-on-year change marks. */
  intervals: boolean;
  disclosure: DisclosureRule | null;
}

export interface DimensionOption {
  name: string;
  label: string;
}

const MAX_FIELDS = 3;

function FieldPicker({
  id,
  label,
  values,
  options,
  taken,
  canAdd,
  onChange,
}: {
  id: string;
  label: string;
  values: string[];
  options: DimensionOption[];
  taken: string[];
  canAdd: boolean;
  onChange(values: string[]): void;
}) {
  return (
    <fieldset className="field-picker">
      <legend>{label}</legend>
      {values.map((value, i) => (
        <span key={`${value}-${i}`} className="picked">
          <select
            aria-label={`${label} field ${i + 1}`}
            value={value}
            onChange={(e) => onChange(values.map((v, j) => (j === i ? e.target.value : v)))}
          >
            {options
              .filter((o) => o.name === value || !taken.includes(o.name))
              .map((o) => (
                <option key={o.name} value={o.name}>
                  {o.label}
                </option>
              ))}
          </select>
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${label.toLowerCase()} field ${i + 1}`}
            onClick={() => onChange(values.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </span>
      ))}
      {canAdd ? (
        <select
          id={id}
          aria-label={`Add a ${label.toLowerCase()} field`}
          value=""
          onChange={(e) => {
            if (e.target.value) onChange([...values, e.target.value]);
          }}
        >
          <option value="">+ Add…</option>
          {options
            .filter((o) => !taken.includes(o.name))
            .map((o) => (
              <option key={o.name} value={o.name}>
                {o.label}
              </option>
            ))}
        </select>
      ) : null}
    </fieldset>
  );
}

export function BuilderBar({
  state,
  options,
  populations = [],
  recordsOnly = null,
  onChange,
}: {
  state: BuilderState;
  options: DimensionOption[];
  /** Population tables a rate can be computed against. */
  populations?: readonly string[];
  /** Why the measure is fixed to records (a context dataset, or records with no person identifiers), if it is. */
  recordsOnly?: string | null;
  onChange(next: BuilderState): void;
}) {
  const taken = [...state.rows, ...state.cols];
  const canAdd = taken.length < MAX_FIELDS;
  const measureChoice: MeasureChoice = state.rate !== null ? 'rate' : recordsOnly ? 'records' : state.measure;
  const rateChoice = populations.length > 0 || state.rate !== null;
  return (
    <div className="builder" aria-label="Cross-tab builder">
      <FieldPicker
        id="add-row"
        label="Rows"
        values={state.rows}
        options={options}
        taken={taken}
        canAdd={canAdd}
        onChange={(rows) => onChange({ ...state, rows })}
      />
      <FieldPicker
        id="add-col"
        label="Columns"
        values={state.cols}
        options={options}
        taken={taken}
        canAdd={canAdd}
        onChange={(cols) => onChange({ ...state, cols })}
      />
      <label className="inline-field">
        Measure
        {/* Records without persons can still be a rate per 1,000 residents where a population table exists. */}
        <select
          aria-label="Measure"
          value={measureChoice}
          aria-describedby={recordsOnly ? 'measure-why' : undefined}
          disabled={recordsOnly !== null && !rateChoice}
          onChange={(e) => onChange(withMeasure(state, e.target.value as MeasureChoice, populations))}
        >
          <option value="records">Records</option>
          <option value="persons" disabled={recordsOnly !== null}>
            Distinct persons
          </option>
          {rateChoice ? <option value="rate">Rate per {RATE_PER.toLocaleString('en-GB')} residents</option> : null}
        </select>
      </label>
      {state.rate !== null ? (
        <label className="inline-field">
          Population
          <select
            aria-label="Population table"
            value={state.rate.population}
            onChange={(e) => state.rate && onChange({ ...state, rate: { ...state.rate, population: e.target.value } })}
          >
            {[...new Set([state.rate.population, ...populations])].map((name) => (
              <option key={name} value={name}>
                {name}
                {populations.includes(name) ? '' : ' (not in this workspace)'}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {recordsOnly ? (
        <span id="measure-why" className="muted small" data-testid="measure-why">
          {recordsOnly}
        </span>
      ) : null}
      <label className="inline-field">
        Percent
        <select
          aria-label="Percentages"
          value={state.percent}
          onChange={(e) => onChange({ ...state, percent: e.target.value as BuilderState['percent'] })}
        >
          <option value="none">None</option>
          <option value="row">Row %</option>
          <option value="col">Column %</option>
          <option value="total">Total %</option>
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={state.stats}
          onChange={(e) => onChange({ ...state, stats: e.target.checked })}
        />
        Statistics
      </label>
      <label
        className="check"
        title="95% confidence intervals of percentages and rates; year-on-year changes marked only when more than noise"
      >
        <input
          type="checkbox"
          checked={state.intervals}
          onChange={(e) => onChange({ ...state, intervals: e.target.checked })}
        />
        Intervals
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={state.disclosure !== null}
          onChange={(e) =>
            onChange({
              ...state,
              disclosure: e.target.checked
                ? { threshold: 5, secondary: true, round: null, suppressZeros: false }
                : null,
            })
          }
        />
        Disclosure control
      </label>
      {state.disclosure !== null ? (
        <>
          <label className="inline-field">
            Threshold
            <input
              type="number"
              min={2}
              max={20}
              aria-label="Suppression threshold"
              className="narrow-number"
              value={state.disclosure.threshold}
              onChange={(e) =>
                state.disclosure &&
                onChange({
                  ...state,
                  disclosure: { ...state.disclosure, threshold: Math.max(2, Number(e.target.value) || 5) },
                })
              }
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={state.disclosure.round !== null}
              onChange={(e) =>
                state.disclosure &&
                onChange({ ...state, disclosure: { ...state.disclosure, round: e.target.checked ? 5 : null } })
              }
            />
            Round to 5
          </label>
        </>
      ) : null}
    </div>
  );
}
