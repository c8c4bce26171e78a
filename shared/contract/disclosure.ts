// The workspace's disclosure policy (the least protection any export may have) and the
// disclosure advisor (ways to redesign a table that would lose many cells).
import { z } from 'zod';
import { DisclosurePolicySchema } from '../disclosurePolicy.ts';
import { method } from './define.ts';

export const PolicyViewSchema = z.object({
  policy: DisclosurePolicySchema,
  /** The policy in one sentence. */
  description: z.string(),
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;

export const disclosureMethods = {
  'workspace.policy.get': method(
    z.object({}).strict(),
    PolicyViewSchema,
    'The disclosure policy every export, infographic and report pack must meet',
  ),
  'workspace.policy.set': method(
    z.object({ passphrase: z.string().min(1).max(1024), policy: DisclosurePolicySchema }).strict(),
    PolicyViewSchema,
    'Change the disclosure policy (asks for the passphrase again; audited)',
  ),
} as const;
