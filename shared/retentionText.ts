// The words for a retention purge, the same in the app and on the command line: what is due
// before it, and what went, each kind of row counted on its own.
const number = new Intl.NumberFormat('en-GB');

export interface RetentionRows {
  cutoff: string;
  records: { victims: number; suspects: number; offenders: number };
  contextRows: Record<string, number>;
  rejectedRows: number;
}

export interface PurgeCounts extends RetentionRows {
  persons: number;
  labels: number;
}

function recordsText(records: RetentionRows['records']): string {
  return `${number.format(records.victims)} victim, ${number.format(records.suspects)} suspect and ${number.format(records.offenders)} offender records`;
}

function contextText(contextRows: Record<string, number>): string | null {
  const entries = Object.entries(contextRows).filter(([, n]) => n > 0);
  if (entries.length === 0) return null;
  return `context rows: ${entries.map(([name, n]) => `${name} ${number.format(n)}`).join(', ')}`;
}

/** One sentence: what a purge would remove now. */
export function dueText(due: RetentionRows): string {
  const parts = [
    recordsText(due.records),
    contextText(due.contextRows),
    `${number.format(due.rejectedRows)} rejected rows`,
  ];
  return `Dated before ${due.cutoff}: ${parts.filter((p) => p !== null).join('; ')}.`;
}

/** What a purge removed, a line per kind. */
export function purgeReportLines(purged: PurgeCounts): string[] {
  return [
    `Purged everything dated before ${purged.cutoff}:`,
    `  records: victims ${number.format(purged.records.victims)}, suspects ${number.format(purged.records.suspects)}, offenders ${number.format(purged.records.offenders)}`,
    `  persons left with no record: ${number.format(purged.persons)}`,
    `  ${contextText(purged.contextRows) ?? 'context rows: none'}`,
    `  rejected rows: ${number.format(purged.rejectedRows)}`,
    `  labels no record uses any more: ${number.format(purged.labels)}`,
    'The file was rebuilt, so nothing purged can be recovered from it.',
  ];
}
