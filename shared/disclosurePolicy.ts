// The workspace's disclosure policy: the least protection any published output may have.
// Explore may show a table under any rule (the analyst sees the records anyway), but an
// export, an infographic or a report pack whose rule falls short of the policy is refused.
import { z } from 'zod';
import type { DisclosureRule } from './query.ts';

export const DisclosurePolicySchema = z
  .object({
    /** Counts below this are suppressed in every published output. */
    threshold: z.number().int().min(1).max(100),
    /** Zero counts must be suppressed too. */
    suppressZeros: z.boolean(),
    /** Published counts must be rounded to this base or a coarser one; null: rounding optional. */
    round: z.number().int().min(2).max(100).nullable(),
  })
  .strict();
export type DisclosurePolicy = z.infer<typeof DisclosurePolicySchema>;

export const DEFAULT_POLICY: DisclosurePolicy = { threshold: 5, suppressZeros: false, round: null };

/** The policy in one sentence, as the refusals and the Data screen say it. */
export function describePolicy(policy: DisclosurePolicy): string {
  const parts = [`counts below ${policy.threshold} suppressed`];
  if (policy.suppressZeros) parts.push('zero counts suppressed');
  if (policy.round !== null) parts.push(`counts rounded to base ${policy.round} or coarser`);
  return parts.join(', ');
}

/** What a rule lacks against the policy, in plain words; empty when it meets it. */
export function policyShortfalls(rule: DisclosureRule | null, policy: DisclosurePolicy): string[] {
  if (rule === null) return ['disclosure control is off'];
  const shortfalls: string[] = [];
  if (rule.threshold < policy.threshold)
    shortfalls.push(`it suppresses counts below ${rule.threshold}, the policy below ${policy.threshold}`);
  if (rule.protection !== undefined && rule.protection < policy.threshold)
    shortfalls.push(
      `it keeps suppressed counts only ${rule.protection} away from being worked out, the policy ${policy.threshold}`,
    );
  if (policy.suppressZeros && !rule.suppressZeros)
    shortfalls.push('it publishes zero counts, which the policy suppresses');
  if (policy.round !== null && (rule.round === null || rule.round < policy.round))
    shortfalls.push(
      rule.round === null
        ? `it does not round, the policy rounds to base ${policy.round}`
        : `it rounds to base ${rule.round}, the policy to base ${policy.round}`,
    );
  return shortfalls;
}

/** The weakest rule the policy allows, built on `rule` (Explore's "meet the policy" fix). */
export function ruleMeetingPolicy(rule: DisclosureRule, policy: DisclosurePolicy): DisclosureRule {
  const met: DisclosureRule = {
    ...rule,
    threshold: Math.max(rule.threshold, policy.threshold),
    suppressZeros: rule.suppressZeros || policy.suppressZeros,
    round: policy.round === null ? rule.round : Math.max(rule.round ?? 0, policy.round),
  };
  if (met.protection !== undefined && met.protection < policy.threshold) met.protection = policy.threshold;
  return met;
}
