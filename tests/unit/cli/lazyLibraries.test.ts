// The CLI starts without its heavy libraries: exceljs (some 400 modules), pdfkit with
// svg-to-pdfkit and fontkit, resvg, zxcvbn and apache-arrow load where a workbook, PDF, PNG,
// passphrase judgement or records file needs them, so `vso --help` and a query load none. Each is also seen loading by a
// command that uses it, which shows the module log sees it and that the lazy load works in the
// build; but resvg, which is required as exceljs is (no PNG run: an infographic takes seconds).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSPHRASE, tempDir, victimsWorkspace } from '../store/storeTestKit.ts';
import { packageOf, runVsoListingPackages } from '../../helpers/loadedPackages.ts';

const HEAVY = [
  'exceljs',
  'pdfkit',
  'svg-to-pdfkit',
  'fontkit',
  '@resvg/resvg-js',
  '@zxcvbn-ts/core',
  '@zxcvbn-ts/language-common',
  '@zxcvbn-ts/language-en',
  'apache-arrow',
];
const env = { VSO_PASSPHRASE: PASSPHRASE };
let dir: string;
let cleanup: () => void;
let file: string;
let spec: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('vso-lazy-libraries-'));
  file = join(dir, 'victims.vsow');
  victimsWorkspace(file, 60, (i) => (i % 3 === 0 ? 0 : 1));
  spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify({ cohort: 'victims', rows: ['sex'], cols: [] }));
});
afterAll(() => cleanup());

/** The heavy packages among `packages`. */
const heavyIn = (packages: Set<string>): string[] => HEAVY.filter((name) => packages.has(name));

it('names the package of a module file, scoped or nested', () => {
  expect(packageOf('file:///r/node_modules/exceljs/excel.js')).toBe('exceljs');
  expect(packageOf('/r/node_modules/pdfkit/node_modules/fontkit/dist/main.cjs')).toBe('fontkit');
  expect(packageOf('/r/node_modules/@zxcvbn-ts/core/dist/index.cjs')).toBe('@zxcvbn-ts/core');
  expect(packageOf('file:///r/dist/main/cli.js')).toBeNull();
  expect(packageOf('node:fs')).toBeNull();
});

describe('loads none of the heavy libraries', () => {
  it('for --help', () => {
    const { run, packages } = runVsoListingPackages(['--help'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Usage: vso');
    // The log saw the start: the command line's own parser.
    expect(packages.has('commander')).toBe(true);
    expect(heavyIn(packages)).toEqual([]);
  });

  it('for a query, its workers included', () => {
    const { run, files, packages } = runVsoListingPackages(['--json', 'query', file, '--spec', spec], env);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { total: number }).total).toBe(60);
    // The engine worker's entry, loaded only in its own thread: the log sees the worker threads too.
    expect(files.some((f) => f.endsWith('/engineWorker.js'))).toBe(true);
    expect(heavyIn(packages)).toEqual([]);
  });
});

describe('loads each where it is used, from the build', () => {
  it('exceljs for an XLSX table', () => {
    const out = join(dir, 'table.xlsx');
    const { run, packages } = runVsoListingPackages(['export', 'table', file, '--spec', spec, '--out', out], env);
    expect(run.code, run.stderr).toBe(0);
    expect(heavyIn(packages)).toEqual(['exceljs']);
  });

  it('pdfkit, svg-to-pdfkit and fontkit for a PDF infographic', () => {
    const out = join(dir, 'victims.pdf');
    const args = ['export', 'infographic', file, '--template', 'victims', '--year', '2023/24', '--out', out];
    const { run, packages } = runVsoListingPackages(args, env);
    expect(run.code, run.stderr).toBe(0);
    expect(heavyIn(packages)).toEqual(['pdfkit', 'svg-to-pdfkit', 'fontkit']);
  });

  it('zxcvbn and its word lists to judge a new workspace’s passphrase', () => {
    const { run, packages } = runVsoListingPackages(['workspace', 'create', join(dir, 'new.vsow')], env);
    expect(run.code, run.stderr).toBe(0);
    expect(heavyIn(packages)).toEqual(['@zxcvbn-ts/core', '@zxcvbn-ts/language-common', '@zxcvbn-ts/language-en']);
  });

  it('apache-arrow for records as an Arrow file, in the worker that writes it', () => {
    const out = join(dir, 'records.arrow');
    const { run, packages } = runVsoListingPackages(['export', 'records', file, '--spec', spec, '--out', out], env);
    expect(run.code, run.stderr).toBe(0);
    expect(heavyIn(packages)).toEqual(['apache-arrow']);
  });
});
