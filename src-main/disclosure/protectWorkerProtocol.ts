// The messages between the main process and the disclosure worker (protectWorker.ts): one job
// per worker, progress while it runs, then its result or its error.
import type { ErrorPayload } from '../../shared/errors.ts';
import type { AuditReport } from './auditTable.ts';
import type { DisclosureRuleInput, ProtectedResult } from './protectTable.ts';
import type { ProtectedTable, RawTable } from './queryTable.ts';

export type DisclosureJob =
  | { kind: 'protect'; raws: RawTable[]; rule: DisclosureRuleInput }
  | { kind: 'audit'; raws: RawTable[]; published: ProtectedTable[]; rule: DisclosureRuleInput };

export type DisclosureJobResult<J extends DisclosureJob> = J extends { kind: 'protect' }
  ? ProtectedResult[]
  : AuditReport;

export type FromDisclosureWorker =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; value: ProtectedResult[] | AuditReport }
  | { type: 'error'; error: ErrorPayload };
