// Lists the import cycles among the TypeScript files under the folders given (default
// src-main/): strongly connected components of the relative-import graph (Tarjan), each
// printed as its files. Type-only imports count too (they tie modules together for a reader),
// unless --runtime asks for the cycles that exist when the program runs.
//   npx tsx scripts/importCycles.ts [--runtime] [folder…]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const IMPORT = /(?:^|\n)\s*(?:import|export)\s(type\s)?(?:[^'"]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]/g;
const DYNAMIC = /import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

export function importGraph(roots: string[], options: { runtime?: boolean } = {}): Map<string, string[]> {
  const files = new Set(roots.flatMap((root) => tsFiles(resolve(root))));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const statics = [...text.matchAll(IMPORT)].filter((m) => !(options.runtime && m[1]));
    const targets = [...statics.map((m) => m[2]!), ...[...text.matchAll(DYNAMIC)].map((m) => m[1]!)]
      .map((spec) => resolve(dirname(file), spec))
      .filter((target) => files.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The cycles: components of more than one file, or a file importing itself. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const args = process.argv.slice(2);
  const runtime = args.includes('--runtime');
  const folders = args.filter((a) => a !== '--runtime');
  const cycles = importCycles(importGraph(folders.length > 0 ? folders : ['src-main'], { runtime }));
  for (const cycle of cycles) {
    console.log(`${cycle.length} files:`);
    for (const file of cycle) console.log(`  ${relative(process.cwd(), file)}`);
  }
  console.log(`${cycles.length} ${runtime ? 'runtime ' : ''}import cycle${cycles.length === 1 ? '' : 's'}`);
  process.exitCode = cycles.length === 0 ? 0 : 1;
}
