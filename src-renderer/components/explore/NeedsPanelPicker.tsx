// Needs together drawn once, or side by side: one matrix per sex, age band or service.
import { NEEDS_PANEL_FIELDS, type NeedsPanelField } from '../../../shared/needsPanels.ts';

export function NeedsPanelPicker({
  panel,
  labelOf,
  onPanel,
}: {
  panel: NeedsPanelField | null;
  labelOf(field: string): string;
  onPanel(panel: NeedsPanelField | null): void;
}) {
  return (
    <div className="builder" aria-label="Needs together settings">
      <label className="inline-field">
        Side by side by
        <select
          value={panel ?? ''}
          onChange={(e) => {
            const next = NEEDS_PANEL_FIELDS.find((f) => f === e.target.value);
            onPanel(next ?? null);
          }}
        >
          <option value="">Nothing: one matrix</option>
          {NEEDS_PANEL_FIELDS.map((field) => (
            <option key={field} value={field}>
              {labelOf(field)}
            </option>
          ))}
        </select>
      </label>
      <span className="muted small">
        {panel === null
          ? 'One matrix of all the offenders filtered.'
          : `One matrix per ${labelOf(panel).toLowerCase()}, each protected as its own table.`}
      </span>
    </div>
  );
}
