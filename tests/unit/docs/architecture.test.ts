// docs/ARCHITECTURE.md tells the truth: its parts table is the parts map (architecture/parts.json,
// which the lint enforces), row for row, the parts it says may call the store are the map's, and
// every file or folder it names exists, as in the detail documents it points to.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../architecture/importGraph.ts';
import { PARTS_MAP } from '../architecture/partsMap.ts';

const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs/ARCHITECTURE.md'), 'utf8');

/** A part as the doc writes it: folders with a trailing slash, a one-file part as the file. */
const written = (part: string): string => (/\.\w+$/.test(part) ? part : `${part}/`);
const PART_NAMES = new Set(PARTS_MAP.parts.map((p) => written(p.path)));

/** The rows of the doc's tables whose first cell is one backticked name: name -> the other cells. */
function tableRows(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of doc.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const name = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (name) rows.set(name, cells.slice(1));
  }
  return rows;
}
const ticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** The documents the architecture page points to for detail. */
const DETAIL_DOCS = ['IMPORT.md', 'DISCLOSURE.md', 'MAIN_PROCESS.md'];

/** The paths a document names (backticked, or in its code block), and those that do not exist. */
function namedPaths(text: string): { paths: string[]; missing: string[] } {
  const codeBlock = [...text.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');
  const candidates = [
    ...ticked(text.replace(/```\n[\s\S]*?```/g, '')),
    ...(codeBlock.match(/[\w.-]+\/[\w./-]*|[\w-]+\.(ts|tsx|json|md)\b/g) ?? []),
  ].filter((t) => /^[\w.-]+(\/[\w.-]*)*$/.test(t));
  const bases = ['', 'src-main/', 'shared/', 'src-renderer/'];
  // A path ends in a slash or a file extension, or starts with a folder one of the bases has
  // ("XLSX/CSV" and the rule name "parts/allowed-imports" are not paths).
  const folders = new Set(
    bases.flatMap((base) =>
      fs
        .readdirSync(path.join(REPO_ROOT, base), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name),
    ),
  );
  const paths = candidates.filter(
    (t) => t.endsWith('/') || /\.(ts|tsx|js|json|md)$/.test(t) || folders.has(t.split('/')[0]!),
  );
  const missing = [...new Set(paths)].filter(
    (name) => !PART_NAMES.has(name) && !bases.some((base) => fs.existsSync(path.join(REPO_ROOT, base, name))),
  );
  return { paths, missing };
}

describe('docs/ARCHITECTURE.md', () => {
  const rows = tableRows();

  it('shows every part of the map with exactly what it may import', () => {
    for (const part of PARTS_MAP.parts) {
      const row = rows.get(written(part.path));
      expect(row, `no row for ${written(part.path)}`).toBeDefined();
      const cell = row![row!.length - 1]!;
      if (part.mayImport.includes('*')) expect(cell).toBe('anything');
      else if (part.mayImport.length === 0) expect(cell).toBe('nothing of ours');
      else expect(ticked(cell).sort(), written(part.path)).toEqual(part.mayImport.map(written).sort());
    }
    const documentedParts = [...rows.keys()].filter((name) => name.startsWith('src-') || PART_NAMES.has(name));
    expect(documentedParts.filter((name) => !PART_NAMES.has(name))).toEqual([]);
  });

  it('shows every package rule of the map', () => {
    for (const rule of PARTS_MAP.packages) {
      const row = rows.get(rule.name);
      expect(row, `no row for ${rule.name}`).toBeDefined();
      expect(ticked(row![0]!).sort()).toEqual(rule.onlyIn.map(written).sort());
    }
  });

  it('lists the production parts top down: each imports only parts below it', () => {
    const order = [...rows.keys()].filter((name) => PART_NAMES.has(name));
    for (const part of PARTS_MAP.parts.filter((p) => !p.mayImport.includes('*') && p.path !== 'fixtures')) {
      const at = order.indexOf(written(part.path));
      for (const target of part.mayImport)
        expect(order.indexOf(written(target)), `${part.path} imports ${target}, listed above it`).toBeGreaterThan(at);
    }
  });

  it('says exactly which production parts may call the store', () => {
    const sentence = /which only ([^]*?) may import/.exec(doc.replace(/\s+/g, ' '));
    expect(sentence, 'the sentence naming who may import src-main/store/').not.toBeNull();
    const callers = PARTS_MAP.parts
      .filter((p) => !p.mayImport.includes('*') && p.mayImport.includes('src-main/store'))
      .map((p) => written(p.path));
    expect(ticked(sentence![1]!).sort()).toEqual(callers.sort());
  });

  it('names only files and folders that exist (or parts the map declares)', () => {
    const { paths, missing } = namedPaths(doc);
    expect(paths.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('points to the detail documents, each of which names only files and folders that exist', () => {
    for (const name of DETAIL_DOCS) {
      expect(doc, name).toContain(`\`docs/${name}\``);
      const { paths, missing } = namedPaths(fs.readFileSync(path.join(REPO_ROOT, 'docs', name), 'utf8'));
      expect(paths.length, name).toBeGreaterThan(10);
      expect(missing, name).toEqual([]);
    }
  });
});
