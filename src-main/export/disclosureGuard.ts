// Nothing leaves the workspace without disclosure control, nor under a rule weaker than the
// workspace's disclosure policy: every exporter calls requireDisclosure, and every export
// path resolves its tables through requirePolicy (src-main/app/publication/exportSession.ts).
import { describePolicy, policyShortfalls, type DisclosurePolicy } from '../../shared/disclosurePolicy.ts';
import { AppError } from '../../shared/errors.ts';
import type { FigureSpec } from '../../shared/figure.ts';
import type { InfographicDoc } from '../../shared/infographic.ts';
import type { DisclosureReport, DisclosureRule, QueryResult, QuerySpec } from '../../shared/query.ts';
import { infographicSpecs } from './infographic/infographicSpecs.ts';
import type { ReportDefinition } from './reportDefinition.ts';

export function requireDisclosure(result: QueryResult, what: string): DisclosureReport {
  if (result.disclosure === null) {
    throw new AppError(
      'DISCLOSURE_REQUIRED',
      `Cannot export ${what}: disclosure control is off for this table. Turn disclosure control on (the default rule suppresses counts from 1 to 4) and export again.`,
    );
  }
  return result.disclosure;
}

/** How to change the policy, said the same way in every refusal. */
const HOW_TO_CHANGE =
  'Raise the rule in Explore (Disclosure control) and save the figure again, or, if your organisation allows it, change the policy on the Data screen (Disclosure policy) or with `vso workspace policy`; changing it asks for the passphrase.';

/** Refuses a rule below the policy with a typed error saying what the policy is and how to change it. */
export function requireRuleMeetsPolicy(rule: DisclosureRule | null, policy: DisclosurePolicy, what: string): void {
  if (rule === null) {
    throw new AppError(
      'DISCLOSURE_REQUIRED',
      `Cannot export ${what}: disclosure control is off for this table. Turn disclosure control on and export again.`,
    );
  }
  const shortfalls = policyShortfalls(rule, policy);
  if (shortfalls.length === 0) return;
  throw new AppError(
    'BELOW_POLICY',
    `Cannot export ${what}: its disclosure rule is below the workspace's disclosure policy (${describePolicy(policy)}): ${shortfalls.join('; ')}. ${HOW_TO_CHANGE}`,
  );
}

/** The published result, checked both for disclosure control and against the policy. */
export function requirePolicy(result: QueryResult, policy: DisclosurePolicy, what: string): DisclosureReport {
  const report = requireDisclosure(result, what);
  requireRuleMeetsPolicy(report.rule, policy, what);
  return report;
}

export interface PlacedSpec {
  /** Where the spec is used, e.g. `Figure "Victims by age"` or `block 3 (chart)`. */
  where: string;
  spec: Pick<QuerySpec, 'disclosure'>;
}

/**
 * Refuses an output (an infographic, a report pack) before anything is drawn when any of
 * its tables has a rule below the policy, naming each of them.
 */
export function requireSpecsMeetPolicy(specs: readonly PlacedSpec[], policy: DisclosurePolicy, what: string): void {
  const problems = [
    ...new Set(
      specs.flatMap(({ where, spec }) => {
        const shortfalls = policyShortfalls(spec.disclosure, policy);
        return shortfalls.length === 0 ? [] : [`${where}: ${shortfalls.join(', ')}`];
      }),
    ),
  ];
  if (problems.length === 0) return;
  throw new AppError(
    'BELOW_POLICY',
    `Cannot export ${what}: it uses disclosure rules below the workspace's disclosure policy (${describePolicy(policy)}). ${problems.join('; ')}. ${HOW_TO_CHANGE}`,
  );
}

/** Every table of a report pack, named by its item and block, for requireSpecsMeetPolicy. */
export function reportSpecs(
  report: ReportDefinition,
  figure: (name: string) => FigureSpec | undefined,
  infographic: (name: string) => InfographicDoc | undefined,
): PlacedSpec[] {
  return report.items.flatMap((item): PlacedSpec[] => {
    if (item.kind === 'figure') {
      const found = figure(item.name);
      return found ? [{ where: `figure “${item.name}”`, spec: found.query }] : [];
    }
    const doc = infographic(item.name);
    if (!doc) return [];
    return infographicSpecs(doc, figure).specs.map(({ where, spec }) => ({
      where: `infographic “${item.name}”, ${where}`,
      spec,
    }));
  });
}
