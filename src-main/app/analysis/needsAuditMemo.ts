// The needs audit's results kept by their input. Saving a figure of needs together counts it as
// published (its fingerprint), and exporting it next settles the same matrix against the same
// release: two audits of minutes each over the same numbers. The audit is a function of its
// input alone (the release's tables so far as the audit reads them, the pieces, the rule), so a
// result found for that exact input is the result; anything published meanwhile changes the input.
import { createHash } from 'node:crypto';
import type { WorkOptions } from '../../disclosure/attackerBounds.ts';
import { auditNeedsPatternsOffThread } from '../../disclosure/needsAuditOffThread.ts';
import type { PatternAuditInput, PatternAuditResult } from '../../disclosure/needsPatternAudit.ts';
import { VersionedCache } from './versionedCache.ts';

export type NeedsAudit = (input: PatternAuditInput, work?: Pick<WorkOptions, 'signal'>) => Promise<PatternAuditResult>;

/** The key of an input: a digest, so that the kept entries hold no counts. */
function keyOf(input: PatternAuditInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

export class NeedsAuditMemo {
  private readonly results = new VersionedCache<PatternAuditResult>(8);

  constructor(private readonly audit: NeedsAudit = auditNeedsPatternsOffThread) {}

  /** The audit of `input` under data `version`: kept from an earlier call, else run (and kept once done). */
  async run(
    input: PatternAuditInput,
    version: number,
    work: Pick<WorkOptions, 'signal'> = {},
  ): Promise<PatternAuditResult> {
    const key = keyOf(input);
    const kept = this.results.get(key, version);
    if (kept) return kept;
    const result = await this.audit(input, work);
    this.results.set(key, version, result);
    return result;
  }

  clear(): void {
    this.results.clear();
  }
}
