// Peak memory and time of reading a workbook: our in-memory zip reader (readXlsx.ts) beside
// exceljs's `xlsx.load(buffer)`, the other way to read without temp files. Each reader runs
// in a fresh process so one's heap does not count against the other.
//   npx tsx bench/xlsxMemory.ts [rows]     (default 60,000 rows of the victims fixture)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

async function measure(reader: string, path: string): Promise<void> {
  const started = performance.now();
  let rows = 0;
  if (reader === 'ours') {
    const { openXlsx } = await import('../src-main/import/readXlsx.ts');
    const source = await openXlsx(path);
    for await (const batch of source.batches()) rows += batch.length;
  } else {
    const { readFile } = await import('node:fs/promises');
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const bytes = await readFile(path);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    workbook.worksheets[0]?.eachRow(() => rows++);
    rows -= 1;
  }
  const ms = performance.now() - started;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ reader, rows, ms: Math.round(ms), peakMb: Math.round(peakMb) }));
}

async function main(): Promise<void> {
  const [mode, reader, path] = process.argv.slice(2);
  if (mode === '--child' && reader && path) return measure(reader, path);
  const rows = Number(mode ?? 60_000);
  const dir = mkdtempSync(join(tmpdir(), 'vso-xlsx-bench-'));
  try {
    const file = join(dir, 'victims.xlsx');
    const { generateFixture } = await import('../src-main/sample/generator/generate.ts');
    await generateFixture({ cohort: 'victims', rows, seed: 1, dialect: 'messy', out: file });
    for (const reader of ['ours', 'exceljs-load']) {
      const out = execFileSync(process.execPath, [...process.execArgv, self, '--child', reader, file], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      process.stdout.write(`${out}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
