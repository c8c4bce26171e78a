// Lists the import cycles among the TypeScript files under the folders given (default
// shared/, src-main/ and src-renderer/): strongly connected components of the relative-import
// graph, found by the architecture tests' own finder, each printed as its files. Type-only
// imports count too (they tie modules together for a reader), unless --runtime asks for the
// cycles that exist when the program runs.
//   npx tsx scripts/importCycles.ts [--runtime] [folder…]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { importCycles } from '../tests/unit/architecture/importGraph.ts';

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

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const args = process.argv.slice(2);
  const runtime = args.includes('--runtime');
  const folders = args.filter((a) => a !== '--runtime');
  const cycles = importCycles(
    importGraph(folders.length > 0 ? folders : ['shared', 'src-main', 'src-renderer'], { runtime }),
  );
  for (const cycle of cycles) {
    console.log(`${cycle.length} files:`);
    for (const file of cycle) console.log(`  ${relative(process.cwd(), file)}`);
  }
  console.log(`${cycles.length} ${runtime ? 'runtime ' : ''}import cycle${cycles.length === 1 ? '' : 's'}`);
  process.exitCode = cycles.length === 0 ? 0 : 1;
}
