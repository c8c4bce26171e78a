// The statistics of a protected result, checked against the attacker's intervals of its
// suppressed cells (the disclosure audit) before they are published with it.
import type { Stats } from '../../shared/query.ts';
import type { RawStats } from '../engine/crosstabStats.ts';
import type { SearchBudget } from '../engine/statsCompletions.ts';
import { STATS_NOTES, maskCellStats, protectStats } from '../engine/statsDisclosure.ts';
import { auditTable } from './auditTable.ts';
import type { DisclosureRuleInput } from './protectTable.ts';
import type { ProtectedTable, RawTable } from './queryTable.ts';

export async function publishStats(
  stats: RawStats,
  raw: RawTable,
  published: ProtectedTable,
  rule: DisclosureRuleInput,
  budget?: SearchBudget,
): Promise<Stats> {
  const measure = raw.measure ?? 'records';
  const rounded = rule.round !== null && rule.round !== undefined;
  const base = { stats, raw: raw.counts, published, rounded, measure, ...(budget ? { budget } : {}) };
  const needsAudit = !rounded && measure === 'records' && published.counts.some((row) => row.includes(null));
  if (!needsAudit) return protectStats({ ...base, interval: () => null });
  let intervals: Map<string, { lower: number; upper: number | null }>;
  try {
    const audit = await auditTable(raw, published, rule);
    intervals = new Map(
      audit.cells
        .filter((cell) => cell.position.row !== null && cell.position.col !== null)
        .map((cell) => [`${cell.position.row}:${cell.position.col}`, { lower: cell.lower, upper: cell.upper }]),
    );
  } catch {
    // Statistics are an extra: a table whose audit fails still publishes, without them.
    return {
      ...stats,
      ...maskCellStats(stats, published, rounded, measure),
      chi2: null,
      p: null,
      cramersV: null,
      publication: {
        status: 'withheld',
        printed: { chi2: null, p: null, cramersV: null },
        note: STATS_NOTES.unchecked,
      },
    };
  }
  return protectStats({ ...base, interval: (r, c) => intervals.get(`${r}:${c}`) ?? null });
}
