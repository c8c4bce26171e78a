// Nothing leaves the workspace without disclosure control: every exporter calls this first.
import { AppError } from '../../shared/errors.ts';
import type { DisclosureReport, QueryResult } from '../../shared/query.ts';

export function requireDisclosure(result: QueryResult, what: string): DisclosureReport {
  if (result.disclosure === null) {
    throw new AppError(
      'DISCLOSURE_REQUIRED',
      `Cannot export ${what}: disclosure control is off for this table. Turn disclosure control on (the default rule suppresses counts from 1 to 4) and export again.`,
    );
  }
  return result.disclosure;
}
