// `vso disclosure check`: the command reads a real spec file, asks the (injected) engine for the
// raw table, and prints every suppressed number's interval; exit 1 when one is too narrow.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { disclosureCommands, runDisclosureCheck } from '../../../src-main/cli/commands/disclosure.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import { rawFrom } from './independentAttacker.ts';

const raw = rawFrom([
  [20, 2, 30],
  [15, 25, 40],
  [10, 12, 8],
]);

function resultFor(spec: QuerySpec): QueryResult {
  return {
    spec,
    rows: { fields: ['district'], keys: [['Cambridge'], ['Fenland'], ['Peterborough']] },
    cols: { fields: ['sex'], keys: [['Female'], ['Male'], ['Unknown']] },
    counts: raw.counts,
    rowTotals: raw.rowTotals,
    colTotals: raw.colTotals,
    total: raw.total,
    suppressed: [],
    disclosure: null,
    meta: {
      cohort: 'victims',
      measure: 'records',
      recordsMatched: raw.total,
      recordsTotal: raw.total,
      elapsedMs: 1,
      warnings: [],
    },
  };
}

let dir: string;
let out: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vso-disclosure-'));
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], runQuery = vi.fn(async (_file: string, spec: QuerySpec) => resultFor(spec))) {
  const program = new Command('vso').option('--json').exitOverride();
  disclosureCommands(runQuery)(program);
  await program.parseAsync(args, { from: 'user' });
  return runQuery;
}

describe('vso disclosure check', () => {
  it('asks for the raw table and prints each suppressed cell with its interval as JSON', async () => {
    const specPath = join(dir, 'spec.json');
    await writeFile(specPath, JSON.stringify({ cohort: 'victims', rows: ['district'], cols: ['sex'] }));
    const runQuery = await run(['--json', 'disclosure', 'check', 'work.vsow', '--spec', specPath]);
    expect(runQuery).toHaveBeenCalledWith(
      'work.vsow',
      expect.objectContaining({ disclosure: null, rows: ['district'] }),
      // The command's cancel and progress (Ctrl-C, --progress), passed down to the query.
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    const printed = JSON.parse(out.join(''));
    expect(printed.ok).toBe(true);
    expect(process.exitCode).toBe(0);
    expect(printed.cells).toHaveLength(4);
    expect(printed.cells[0]).toMatchObject({ label: 'Cambridge x Female', value: 20, sensitive: false });
    expect(printed.cells.find((c: { sensitive: boolean }) => c.sensitive)).toMatchObject({
      label: 'Cambridge x Male',
      value: 2,
      lower: 0,
      upper: 14,
      ok: true,
    });
  });

  it('prints human lines, and fails on a spec that is not valid', async () => {
    const specPath = join(dir, 'spec.json');
    await writeFile(
      specPath,
      JSON.stringify({ cohort: 'victims', rows: ['district'], cols: ['sex'], disclosure: { threshold: 5, round: 5 } }),
    );
    await run(['disclosure', 'check', 'work.vsow', '--spec', specPath]);
    const text = out.join('');
    expect(text).toContain('Cambridge x Male: 2 can be anywhere in [0, 14]: protected');
    expect(text).toContain('Every suppressed count is protected.');
    await writeFile(specPath, JSON.stringify({ cohort: 'nobody' }));
    await expect(run(['disclosure', 'check', 'work.vsow', '--spec', specPath])).rejects.toMatchObject({
      code: 'INVALID_SPEC',
    });
  });

  it('exits 1 and says so when a rule without secondary suppression leaves a cell that can be worked out', async () => {
    const code = await runDisclosureCheck(
      raw,
      { threshold: 5, secondary: false, round: null, suppressZeros: false },
      {},
    );
    expect(code).toBe(1);
    expect(out.join('')).toContain('row 1 x column 2: 2 can be anywhere in [2, 2]: NOT PROTECTED (needs 5 beyond 2)');
  });
});
