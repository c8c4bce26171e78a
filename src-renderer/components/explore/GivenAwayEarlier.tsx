// Needs together: earlier outputs of the release whose hidden small counts can already be
// narrowed whatever this matrix hides. Nothing on this screen can mend them, so the analyst is
// told plainly, above the result, before choosing to export.
import { givenAwayEarlierWarnings } from '../../../shared/needsCooccurrence.ts';
import type { DisclosureReport } from '../../../shared/query.ts';

export function GivenAwayEarlier({ disclosure }: { disclosure: DisclosureReport | null }) {
  const warnings = givenAwayEarlierWarnings(disclosure);
  if (warnings.length === 0) return null;
  return (
    <div className="alert alert-warning" role="status" data-testid="given-away-earlier">
      <strong>Hidden counts published earlier in this release are no longer protected.</strong>
      <ul className="warning-list" aria-label="Given away earlier">
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}
