// How long the publication check of a protected table's statistics takes (after protection and
// the audit, which are timed apart), on random tables of the given sizes:
//   npx tsx scripts/statsCheckTiming.ts 20x6 100x13 480x13
import { auditTable } from '../src-main/disclosure/auditTable.ts';
import { protectTable } from '../src-main/disclosure/protectTable.ts';
import { crosstabStats } from '../src-main/engine/crosstabStats.ts';
import { protectStats } from '../src-main/engine/statsDisclosure.ts';

let seed = 7;
const random = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

for (const size of process.argv.slice(2)) {
  const [rows, cols] = size.split('x').map(Number) as [number, number];
  const counts = Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () =>
      random() < 0.15 ? Math.floor(random() * 5) : Math.floor(5 + random() * random() * 200),
    ),
  );
  const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const colTotals = counts[0]!.map((_, j) => counts.reduce((s, r) => s + r[j]!, 0));
  const raw = { counts, rowTotals, colTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
  let started = performance.now();
  const { table } = await protectTable(raw, {});
  const protectMs = performance.now() - started;
  started = performance.now();
  const audit = await auditTable(raw, table, {});
  const auditMs = performance.now() - started;
  const intervals = new Map(
    audit.cells
      .filter((c) => c.position.row !== null && c.position.col !== null)
      .map((c) => [`${c.position.row}:${c.position.col}`, { lower: c.lower, upper: c.upper }]),
  );
  const stats = crosstabStats(counts).stats!;
  started = performance.now();
  const published = protectStats({
    stats,
    raw: counts,
    published: table,
    rounded: false,
    measure: 'records',
    interval: (r, c) => intervals.get(`${r}:${c}`) ?? null,
  });
  const checkMs = performance.now() - started;
  const suppressed = table.counts.flat().filter((v) => v === null).length;
  console.log(
    `${size}: ${suppressed} suppressed; protect ${protectMs.toFixed(0)} ms, audit ${auditMs.toFixed(0)} ms, ` +
      `statistics check ${checkMs.toFixed(0)} ms -> ${published.publication?.status} ${JSON.stringify(published.publication?.printed)}`,
  );
}
