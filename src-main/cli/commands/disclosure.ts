// `vso disclosure check FILE --spec SPEC.json`: compute the spec's table without disclosure
// control, protect it with the spec's rule, and print for every suppressed number the interval
// an attacker can narrow it to. Exit 1 when a sensitive number is narrower than required.
// With a release open (or `--release ID`), the table is also audited together with every output
// of the release: the small counts they would narrow together, and by which earlier output.
// The query itself comes from an injected `runQuery`, so that this file does not depend on how
// the engine opens a workspace. Ctrl-C or SIGTERM stops the query, the protection and the audit
// (exit 5, nothing written: the check writes nothing); `--progress` prints their steps.
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors.ts';
import { DEFAULT_DISCLOSURE, type DisclosureRule, type QueryResult, type QuerySpec } from '../../../shared/query.ts';
import { readSpecFile } from '../../app/analysis/specFile.ts';
import {
  type AuditReport,
  type AuditedCell,
  type CheckWork,
  protectAndAudit,
  type RawTable,
  rawTableFromQueryResult,
  type ReleaseCheck,
} from '../../app/publication/disclosureCheck.ts';
import { EXIT_FAILURE, EXIT_OK, type GlobalOptions, printResult } from '../io.ts';
import { longWork } from '../longWork.ts';
import type { RegisterCommands } from './register.ts';

/** Runs a spec on a workspace file and returns the engine's result. */
export type RunQuery = (file: string, spec: QuerySpec, work?: CheckWork) => Promise<QueryResult>;

export type { ReleaseCheck };
export { readSpecFile };
/** Checks a spec (with its rule) against a release, the open one by default; null when none is open. */
export type CheckRelease = (
  file: string,
  spec: QuerySpec,
  release: number | undefined,
  work?: CheckWork,
) => Promise<ReleaseCheck | null>;

function axisLabel(keys: string[][] | undefined, index: number | null, fallback: string): string {
  if (index === null) return 'Total';
  const key = keys?.[index];
  return key && key.length > 0 ? key.join(' / ') : `${fallback} ${index + 1}`;
}

export function describeCell(raw: RawTable, cell: AuditedCell): string {
  const row = raw.rows?.fields.length === 0 ? 'All' : axisLabel(raw.rows?.keys, cell.position.row, 'row');
  const col = raw.cols?.fields.length === 0 ? 'All' : axisLabel(raw.cols?.keys, cell.position.col, 'column');
  return `${row} x ${col}`;
}

/** The audit as lines of text, one per suppressed number. */
export function formatAudit(raw: RawTable, audit: AuditReport): string {
  const lines = audit.cells.map((cell) => {
    const interval = `[${cell.lower}, ${cell.upper ?? 'unbounded'}]`;
    const verdict = !cell.sensitive
      ? 'complement'
      : cell.ok
        ? 'protected'
        : `NOT PROTECTED (needs ${audit.protection} beyond ${cell.value})`;
    return `${describeCell(raw, cell)}: ${cell.value} can be anywhere in ${interval}: ${verdict}`;
  });
  for (const shown of audit.exposed) {
    lines.push(
      `${describeCell(raw, { ...shown, lower: 0, upper: null, sensitive: true, ok: false })}: ${shown.value} is printed: NOT SUPPRESSED`,
    );
  }
  if (lines.length === 0) lines.push('Nothing is suppressed in this table.');
  lines.push(audit.ok ? 'Every suppressed count is protected.' : 'Some counts can be worked out: see above.');
  return lines.join('\n');
}

/** The release part of the check as lines of text. */
export function formatReleaseAudit(check: ReleaseCheck): string {
  const { audit } = check;
  const lines = [`Checked with release ${check.release} (${audit.against.length} earlier outputs of the same data):`];
  for (const n of audit.narrowed) {
    const where = n.position
      ? ` (${describeCell(check.raw, { ...n, position: n.position, table: 0, sensitive: true, ok: false })})`
      : '';
    const by = n.by.length > 0 ? `with ${n.by.join(', ')}` : 'with the earlier outputs taken together';
    const verdict = n.already ? 'narrowed already before this table' : `NARROWED ${by}`;
    lines.push(
      `  ${n.label}${where}: ${n.value} can be anywhere in [${n.lower}, ${n.upper ?? 'unbounded'}]: ${verdict}`,
    );
  }
  if (audit.narrowed.length === 0) lines.push('  no small count is narrowed by the table together with them.');
  for (const note of audit.unlinked) lines.push(`WARNING: ${note}`);
  const extra = new Map<string, number>();
  for (const r of audit.export) extra.set(r.reason, (extra.get(r.reason) ?? 0) + 1);
  for (const [reason, cells] of extra) {
    lines.push(`Exported in this release, ${cells} more ${cells === 1 ? 'cell' : 'cells'} would be ${reason}.`);
  }
  return lines.join('\n');
}

/** The body of `vso disclosure check` once the raw table is computed; returns the exit code. */
export async function runDisclosureCheck(
  raw: RawTable,
  rule: DisclosureRule,
  options: GlobalOptions,
  release: ReleaseCheck | null = null,
  work: CheckWork = {},
): Promise<number> {
  const { report, audit } = await protectAndAudit(raw, rule, work);
  const ok = audit.ok && (release?.audit.ok ?? true);
  printResult(
    options,
    {
      ok,
      rule: report.rule,
      footnote: report.footnote,
      protection: audit.protection,
      cells: audit.cells.map((cell) => ({ ...cell, label: describeCell(raw, cell) })),
      exposed: audit.exposed,
      ...(release ? { release: { name: release.release, ...release.audit } } : {}),
    },
    () => [formatAudit(raw, audit), ...(release ? [formatReleaseAudit(release)] : [])].join('\n'),
  );
  return ok ? EXIT_OK : EXIT_FAILURE;
}

/** Registers `vso disclosure check` with the engine's query function (and the release check, where given). */
export function disclosureCommands(runQuery: RunQuery, checkRelease?: CheckRelease): RegisterCommands {
  return (program: Command) => {
    const disclosure = program.command('disclosure').description('check the disclosure control of a table');
    disclosure
      .command('check')
      .description('print the interval every suppressed count can be narrowed to; fail if any is too narrow')
      .argument('<file>', 'the workspace file (.vsow)')
      .requiredOption('--spec <path>', 'the query spec (JSON)')
      .option('--release <id>', 'check together with this release (default: the open release, if any)')
      .option('--alone', 'check the table alone, not together with the release')
      .action(async (file: string, options: { spec: string; release?: string; alone?: boolean }, command: Command) => {
        const spec = await readSpecFile(options.spec);
        const rule = spec.disclosure ?? DEFAULT_DISCLOSURE;
        const releaseId = options.release === undefined ? undefined : Number.parseInt(options.release, 10);
        if (releaseId !== undefined && !Number.isInteger(releaseId)) {
          throw new AppError(
            'BAD_REQUEST',
            `--release takes a release number (vso release list shows them), not ${options.release}.`,
          );
        }
        const cli = longWork(command);
        const work: CheckWork = {
          signal: cli.signal,
          onProgress: (phase, done, total) => cli.counts(phase)(done, total),
        };
        const release =
          options.alone || !checkRelease
            ? null
            : await checkRelease(file, { ...spec, disclosure: rule }, releaseId, work);
        const raw = release?.raw ?? rawTableFromQueryResult(await runQuery(file, { ...spec, disclosure: null }, work));
        process.exitCode = await runDisclosureCheck(raw, rule, command.optsWithGlobals<GlobalOptions>(), release, work);
      });
  };
}
