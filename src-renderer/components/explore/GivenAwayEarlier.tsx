// Earlier outputs of the release whose hidden small counts can already be narrowed whatever this
// result hides (needs together on Explore; a table's export preview on the Report screen).
// Nothing on the screen can mend them, so the analyst is told plainly, before choosing to export.
// Never written into a file: naming the output would point an intruder at the count.
import { givenAwayEarlierWarnings } from '../../../shared/needsCooccurrence.ts';
import type { DisclosureReport } from '../../../shared/query.ts';

export function GivenAwayEarlier({ disclosure }: { disclosure: DisclosureReport | null }) {
  return <GivenAwayWarnings warnings={givenAwayEarlierWarnings(disclosure)} />;
}

export function GivenAwayWarnings({ warnings }: { warnings: readonly string[] }) {
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
