// The needs audit's worker entry: the linear programs over persons per answer pattern
// (needsPatternAudit.ts) run off the main thread, so that the app keeps answering meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { auditNeedsPatterns, type PatternAuditInput, type PatternAuditResult } from './needsPatternAudit.ts';
import { answerJob, type JobReply } from './workerJob.ts';

if (parentPort === null) throw new Error('needsAuditWorker.ts runs only as a worker thread');
const port = parentPort;

await answerJob(
  (reply: JobReply<PatternAuditResult>) => port.postMessage(reply),
  'Checking needs together against the release failed inside its worker.',
  () => auditNeedsPatterns(workerData as PatternAuditInput),
);
