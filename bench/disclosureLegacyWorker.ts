// Runs the method before the network one in a worker, so the benchmark can stop it at a time cap.
import { parentPort, workerData } from 'node:worker_threads';
import type { KeyedTable, Measure } from '../src-main/disclosure/tableModel.ts';
import { protectAndAudit } from './disclosureMethods.ts';

const job = workerData as { tables: KeyedTable[]; measure: Measure; rule: { threshold: number } };
parentPort?.postMessage(await protectAndAudit('legacy', job.tables, job.measure, job.rule));
