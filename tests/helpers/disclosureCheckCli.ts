// `vso disclosure check` as its own process, on the real command, `main` and signal handling,
// with the engine's query replaced by a large table of many small counts (ROWS x 13), so that
// protecting it takes long enough to be interrupted part-way. Run: tsx this file ARGS...
import { Command } from 'commander';
import type { QueryResult, QuerySpec } from '../../shared/query.ts';
import { disclosureCommands } from '../../src-main/cli/commands/disclosure.ts';
import { main } from '../../src-main/cli/index.ts';

const ROWS = Number(process.env.VSO_TEST_ROWS ?? '480');
const COLS = 13;

function bigTable(spec: QuerySpec): QueryResult {
  // Small counts in a fixed pattern: a third or so below the threshold, so many are protected.
  const counts = Array.from({ length: ROWS }, (_, i) => Array.from({ length: COLS }, (_, j) => (i * 7 + j * 13) % 23));
  const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const colTotals = counts[0]!.map((_, j) => counts.reduce((s, r) => s + r[j]!, 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  return {
    spec,
    rows: { fields: ['lsoa'], keys: counts.map((_, i) => [`Area ${i + 1}`]) },
    cols: { fields: ['offence_group'], keys: counts[0]!.map((_, j) => [`Group ${j + 1}`]) },
    counts,
    rowTotals,
    colTotals,
    total,
    suppressed: [],
    disclosure: null,
    meta: {
      cohort: 'victims',
      measure: 'records',
      recordsMatched: total,
      recordsTotal: total,
      elapsedMs: 1,
      warnings: [],
    },
  };
}

const program = new Command('vso').option('--json').option('--progress').exitOverride();
disclosureCommands(async (_file, spec) => bigTable(spec))(program);
main(process.argv.slice(2), program).then((code) => {
  process.exitCode = code;
});
