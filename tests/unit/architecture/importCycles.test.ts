// Import cycles in shared/, src-main/ and src-renderer/: none beyond the map's named allowance (knownCycles),
// and no allowance left once its cycle is gone. The cycle finder is checked against a second,
// simpler definition: two files are on one cycle when each reaches the other.
import { describe, expect, it } from 'vitest';
import { type ImportGraph, importCycles, importGraph, sourceFiles } from './importGraph.ts';
import { PARTS_MAP } from './partsMap.ts';

function reaches(graph: ImportGraph, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...(graph.get(from) ?? [])];
  while (todo.length > 0) {
    const next = todo.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    todo.push(...(graph.get(next) ?? []));
  }
  return seen;
}

/** Cycles by mutual reachability: quadratic, obviously right. */
function cyclesByReachability(graph: ImportGraph): string[][] {
  const reach = new Map([...graph.keys()].map((f) => [f, reaches(graph, f)]));
  const done = new Set<string>();
  const cycles: string[][] = [];
  for (const f of graph.keys()) {
    if (done.has(f) || !reach.get(f)!.has(f)) continue;
    const members = [...graph.keys()].filter((g) => reach.get(f)!.has(g) && reach.get(g)!.has(f)).sort();
    members.forEach((m) => done.add(m));
    cycles.push(members);
  }
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

const graph = importGraph(sourceFiles(['shared', 'src-main', 'src-renderer']));
const cycles = importCycles(graph);

describe('import cycles', () => {
  it('are found the same way by Tarjan and by mutual reachability', () => {
    const small: ImportGraph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', ['d']],
      ['e', ['a']],
      ['f', []],
    ]);
    expect(importCycles(small)).toEqual([['a', 'b', 'c'], ['d']]);
    expect(cyclesByReachability(small)).toEqual([['a', 'b', 'c'], ['d']]);
    expect(cycles).toEqual(cyclesByReachability(graph));
  });

  it('are looked for in the renderer too, its .tsx imports included', () => {
    expect(graph.get('src-renderer/App.tsx')).toContain('src-renderer/components/GuidedStart.tsx');
    expect(graph.get('src-renderer/components/GuidedStart.tsx')).toContain('src-renderer/state/screens.ts');
  });

  it('are none beyond the named allowance', () => {
    const allowed = PARTS_MAP.knownCycles.map((c) => new Set(c.files));
    const unallowed = cycles.filter((cycle) => !allowed.some((files) => cycle.every((f) => files.has(f))));
    expect(unallowed, 'a new import cycle: break it (move the shared piece down a layer)').toEqual([]);
  });

  it('leave no allowance behind once their cycle is broken', () => {
    const stale = PARTS_MAP.knownCycles
      .filter((known) => !cycles.some((cycle) => cycle.filter((f) => known.files.includes(f)).length >= 2))
      .map((known) => known.name);
    expect(stale, 'delete these from knownCycles in architecture/parts.json').toEqual([]);
  });
});
