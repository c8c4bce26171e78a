// The parts map (architecture/parts.json) typed for the tests, and the lint asked about one
// planted file at a time through ESLint's Node API with the repo's own config.
import path from 'node:path';
import { ESLint } from 'eslint';
import map from '../../../architecture/parts.json' with { type: 'json' };
import { REPO_ROOT } from './importGraph.ts';

export interface Part {
  path: string;
  role: string;
  mayImport: string[];
}
export interface PackageRule {
  name: string;
  onlyIn: string[];
  why: string;
}
export interface KnownViolations {
  name: string;
  movedBy: string | null;
  reason: string;
  imports: Array<[file: string, imports: string]>;
}
export interface KnownCycle {
  name: string;
  movedBy: string | null;
  reason: string;
  files: string[];
}
export interface SqlAllowance {
  part: string;
  sites: number;
  movedBy: string | null;
  reason: string;
}
export interface PartsMap {
  parts: Part[];
  packages: PackageRule[];
  knownViolations: KnownViolations[];
  knownCycles: KnownCycle[];
  sqlOutsideStore: SqlAllowance[];
}

export const PARTS_MAP = map as unknown as PartsMap;
export const RULE = 'parts/allowed-imports';

export function partNamed(name: string): Part {
  const part = PARTS_MAP.parts.find((p) => p.path === name);
  if (!part) throw new Error(`No part ${name} in architecture/parts.json`);
  return part;
}

/** Where a planted file goes in a part: inside its folder, or the part's own path for a one-file part. */
export function plantedPath(part: Part): string {
  return /\.\w+$/.test(part.path) ? part.path : `${part.path}/plantedImport.ts`;
}

/** A specifier for importing something in `target` (a part path or a package) from `fromFile`. */
export function specifierFor(fromFile: string, target: string): string {
  const isPart = PARTS_MAP.parts.some((p) => p.path === target);
  if (!isPart) return target;
  const targetFile = /\.\w+$/.test(target) ? target : `${target}/somewhere.ts`;
  const relative = path.posix.relative(path.posix.dirname(fromFile), targetFile);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

const linters = new Map<string, ESLint>();

/** The messages of the parts rule for source text linted as if it were `file` (repo-relative). */
export async function partsMessages(file: string, source: string, options: ESLint.Options = {}): Promise<string[]> {
  const key = JSON.stringify(options);
  let linter = linters.get(key);
  if (!linter) linters.set(key, (linter = new ESLint({ cwd: REPO_ROOT, ...options })));
  const [result] = await linter.lintText(source, { filePath: path.join(REPO_ROOT, file), warnIgnored: true });
  if (!result) throw new Error(`ESLint returned nothing for ${file}`);
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not parse ${file}: ${fatal.message}`);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => `${m.line}: ${m.message}`);
}
