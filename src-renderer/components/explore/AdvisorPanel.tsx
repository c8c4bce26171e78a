// The disclosure advisor in Explore: when a table would lose many cells to suppression, the
// redesigns to try first (merge sparse categories, leave a field out, round), each with the
// cells it would publish, applied in one click; keeping the design and suppressing comes last.
import type { Advice } from '../../../shared/contract/disclosure.ts';
import { shouldAdvise, tableCells } from '../../../shared/contract/disclosure.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import { advise } from '../../data/explore.ts';
import { useDebouncedQuery } from '../../state/useDebouncedQuery.ts';
import { ErrorAlert } from '../NoWorkspace.tsx';

const percent = (part: number, whole: number): string => `${whole === 0 ? 0 : Math.round((part / whole) * 100)}%`;

export function AdvisorPanel({
  spec,
  result,
  onApply,
}: {
  spec: QuerySpec;
  result: QueryResult;
  onApply(spec: QuerySpec): void;
}) {
  const now = tableCells(result);
  const key = spec.disclosure !== null && shouldAdvise(now) ? JSON.stringify(spec) : null;
  // The answer carries the key it was asked for, so options of an earlier table never show.
  const advice = useDebouncedQuery<{ key: string; advice: Advice }>(
    key,
    async (signal) => ({ key: key ?? '', advice: await advise(spec, { signal }) }),
    250,
  );
  if (key === null) return null;
  const options = advice.data?.key === key ? advice.data.advice.options : null;
  return (
    <section className="card advisor" aria-labelledby="advisor-title" data-testid="advisor">
      <h2 id="advisor-title">
        This table suppresses {now.suppressed} of {now.cells} cells ({percent(now.suppressed, now.cells)})
      </h2>
      <p className="muted small">
        Before suppressing, try a redesign: merge sparse categories, leave a field out, or round. Each option shows how
        many cells it would publish, worked out under your disclosure rule.
      </p>
      <ErrorAlert message={advice.error} />
      {options === null ? (
        <p className="muted" aria-live="polite">
          Working out the options…
        </p>
      ) : (
        <ul className="advisor-options">
          {options.map((option) => (
            <li key={`${option.kind}-${option.field ?? ''}-${option.spec.disclosure?.round ?? ''}`}>
              <div>
                <strong>{option.title}</strong>{' '}
                <span data-testid="advisor-cells">
                  {option.published} of {option.cells} cells published ({percent(option.published, option.cells)})
                </span>
                <div className="muted small">{option.detail}</div>
              </div>
              {option.kind === 'suppress' ? (
                <span className="muted small">Current design</span>
              ) : (
                <button
                  className="btn"
                  type="button"
                  aria-label={`Apply: ${option.title}`}
                  onClick={() => onApply(option.spec)}
                >
                  Apply
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
