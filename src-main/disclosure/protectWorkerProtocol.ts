// The messages between the main process and the disclosure worker (protectWorker.ts): one job
// per worker, progress while it runs, then its result or its error.
import type { Stats } from '../../shared/query.ts';
import type { RawStats } from '../engine/crosstabStats.ts';
import type { AuditReport } from './auditTable.ts';
import type { DisclosureRuleInput, ProtectedResult } from './protectTable.ts';
import type { ProtectedTable, RawTable } from './queryTable.ts';
import type { JobReply } from './workerJob.ts';

export type DisclosureJob =
  | { kind: 'protect'; raws: RawTable[]; rule: DisclosureRuleInput }
  | { kind: 'audit'; raws: RawTable[]; published: ProtectedTable[]; rule: DisclosureRuleInput }
  | { kind: 'stats'; stats: RawStats; raw: RawTable; published: ProtectedTable; rule: DisclosureRuleInput };

export type DisclosureJobResult<J extends DisclosureJob> = J extends { kind: 'protect' }
  ? ProtectedResult[]
  : J extends { kind: 'audit' }
    ? AuditReport
    : Stats;

export type FromDisclosureWorker = JobReply<ProtectedResult[] | AuditReport | Stats>;
