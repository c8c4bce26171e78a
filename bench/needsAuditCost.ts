// What the needs audit (src-main/disclosure/needsPatternAudit.ts) costs, for two checkouts in
// turn: `npx tsx bench/needsAuditCost.ts <checkout> <peer checkout> [runs]`, each checkout's own
// audit loaded from its folder, the runs alternated so that a loaded machine weighs on both.
// Three matrices of 10 needs (55 pieces) over 400 generated persons: one whose small pairs alone
// are hidden (the usual case); one beside an earlier output that hides the two persons without
// the first need, which its printed need gives away through the total; and the same where every
// person has the second need, so that the first need and its pair with the second print the
// same number: hiding pieces one by one frees the two no further, and the pieces that narrow
// them are refused (the refusal path, WOULD_NARROW_REASON in the app). A fourth reads a second
// export's matrix with the first export's sex panels: sex crossed with the needs. A fifth reads
// it with panels by the number of needs (1, 2, 3+): a field computed from the needs (a checkout
// before it followed the answers crosses it as a free answer). A sixth reads it with panels for
// a financial year and for a month (a checkout before it read the year as the month's crosses
// them as independent answers); again with the months a field of records over more classes than
// are read as sets (a checkout before it gives a person one class of months, the year independent
// of it; this one one class of each year's months, the year theirs). A seventh reads it with
// one-need panels for each of 16 areas (16,384 answer patterns). An eighth is the usual matrix
// with the combination field's category list read as its ranking (the ten most common kept,
// 1,013 pooled: a row each; a checkout before it reads no ranking, so may settle otherwise).
// NEEDS_AUDIT_CASE=<name> runs one case alone.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AuditedTable, PatternAuditInput, PatternAuditResult } from '../src-main/disclosure/needsPatternAudit.ts';

type Audit = (input: PatternAuditInput) => Promise<PatternAuditResult>;

const NEEDS = Array.from({ length: 10 }, (_v, k) => `n${k}`);
const THRESHOLD = 5;

/**
 * 400 persons' needs, bit k for need k, from a fixed sequence; `firstFor` of them have need 0,
 * and every one need `everyone` (none when -1).
 */
function persons(firstFor: number, everyone = -1): number[] {
  let seed = 7;
  const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const odds = [0.5, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0.02];
  return Array.from({ length: 400 }, (_v, i) =>
    odds.reduce((p, odd, k) => ((k === 0 ? i < firstFor : next() < odd || k === everyone) ? p | (1 << k) : p), 0),
  );
}

function piece(people: readonly number[], needs: number[]): AuditedTable {
  const value = people.filter((p) => needs.every((k) => (p >> k) & 1)).length;
  const small = value > 0 && value < THRESHOLD;
  return {
    label: needs.map((k) => NEEDS[k]).join('&') || 'persons',
    scope: Object.fromEntries(needs.map((k) => [NEEDS[k]!, ['Yes']])),
    cells: [{ key: {}, value, shown: small ? null : value }],
    piece: needs.length > 0,
  };
}

function matrix(people: readonly number[]): AuditedTable[] {
  const tables = [piece(people, [])];
  for (let i = 0; i < NEEDS.length; i++) for (let j = i + 1; j < NEEDS.length; j++) tables.push(piece(people, [i, j]));
  for (let i = 0; i < NEEDS.length; i++) tables.push(piece(people, [i]));
  return tables;
}

function input(tables: AuditedTable[]): PatternAuditInput {
  const needs = NEEDS.map((field) => ({ field, categories: ['No', 'Yes'] }));
  return { needs, tables, threshold: THRESHOLD, protection: THRESHOLD };
}

const usual = input(matrix(persons(200)));
/** The matrix beside an earlier output that hides the persons without need 0 and prints the whole. */
function throughTotalOf(people: readonly number[]): PatternAuditInput {
  const without = people.filter((p) => !(p & 1)).length;
  const earlier: AuditedTable = {
    label: '‘n0 first’',
    scope: {},
    cells: [
      { key: { n0: 'No' }, value: without, shown: null },
      { key: { n0: 'Yes' }, value: people.length - without, shown: null },
      { key: {}, value: people.length, shown: people.length },
    ],
    piece: false,
  };
  const [whole, ...pieces] = matrix(people);
  return input([whole!, earlier, ...pieces]);
}

/**
 * A second export's whole matrix, read with the first export's whole and its panel per sex (each
 * under its own filter, its small counts hidden): sex is crossed with the needs as an answer.
 */
function crossedPanels(): PatternAuditInput {
  const sexes = ['Female', 'Male', 'Unknown'];
  const people = persons(200);
  const sexOf = (i: number): string => sexes[(i * 7) % 11 < 5 ? 1 : (i * 7) % 11 < 9 ? 0 : 2]!;
  const panel = (sex: string, label: string): AuditedTable[] =>
    matrix(people.filter((_p, i) => sexOf(i) === sex)).map((t) => ({
      ...t,
      label,
      scope: { ...t.scope, sex: [sex] },
      piece: false,
    }));
  const earlier = [
    ...matrix(people).map((t) => ({ ...t, label: 'first export', piece: false })),
    ...sexes.flatMap((sex) => panel(sex, `first export, ${sex}`)),
  ];
  const base = input([...earlier, ...matrix(people)]);
  return { ...base, needs: [...base.needs, { field: 'sex', categories: sexes, crossed: true }] };
}

/** A second export's matrix, read with the first export's panels by the number of needs. */
function countPanels(): PatternAuditInput {
  const bands = ['0', '1', '2', '3+'];
  const people = persons(200);
  const bandOf = (p: number): string => {
    let bits = 0;
    for (let m = p; m !== 0; m &= m - 1) bits++;
    return bands[Math.min(bits, 3)]!;
  };
  const panel = (band: string): AuditedTable[] =>
    matrix(people.filter((p) => bandOf(p) === band)).map((t) => ({
      ...t,
      label: `first export, ${band} needs`,
      scope: { ...t.scope, needs_count: [band] },
      piece: false,
    }));
  const earlier = ['1', '2', '3+'].flatMap(panel);
  const base = input([...earlier, ...matrix(people)]);
  const from = NEEDS.map((field) => ({ field, label: field }));
  const derived = { rule: 'count' as const, from };
  return { ...base, needs: [...base.needs, { field: 'needs_count', categories: bands, crossed: true, derived }] };
}

/**
 * A second export's matrix, read with the first export's panels for a financial year and for a
 * month of the next: the month and the year crossed, the year read as the month's (a checkout
 * before it reads them as independent answers).
 */
function yearAndMonthPanels(): PatternAuditInput {
  const months = ['2019-01', '2019-02', '2019-03', '2019-04', '2019-05', '2019-06'];
  const yearOf = (month: string): string => (month < '2019-04' ? '2018/19' : '2019/20');
  const people = persons(200);
  const monthOf = (i: number): string => months[(i * 7) % months.length]!;
  const panel = (field: string, category: string, of: (i: number) => string): AuditedTable[] =>
    matrix(people.filter((_p, i) => of(i) === category)).map((t) => ({
      ...t,
      label: `first export, ${category}`,
      scope: { ...t.scope, [field]: [category] },
      piece: false,
    }));
  const earlier = [
    ...panel('financial_year', '2018/19', (i) => yearOf(monthOf(i))),
    ...panel('month', '2019-04', monthOf),
  ];
  const base = input([...earlier, ...matrix(people)]);
  const computed = { of: 'month', pairs: months.map((m) => [m, yearOf(m)] as const) };
  return {
    ...base,
    needs: [
      ...base.needs,
      { field: 'month', categories: months, crossed: true },
      { field: 'financial_year', categories: ['2018/19', '2019/20'], crossed: true, computed },
    ],
  };
}

/**
 * A second export's matrix, read with the first export's one-need panels for a financial year
 * and for four months of five, where a third of the persons have records in months of both
 * years: the months a field of records over more classes than are read as sets (a checkout before
 * it gave each person one class of months, and crossed the year as if independent of it).
 */
function yearAndMonthRecordPanels(): PatternAuditInput {
  const months = ['2019-01', '2019-02', '2019-03', '2019-04', '2019-05'];
  const yearOf = (month: string): string => (month < '2019-04' ? '2018/19' : '2019/20');
  const people = persons(200);
  const monthsOf = (i: number): string[] =>
    i % 3 === 0 ? [months[i % 3]!, months[3 + (i % 2)]!] : [months[(i * 7) % months.length]!];
  const panel = (field: string, category: string, of: (i: number) => string[]): AuditedTable[] =>
    matrix(people.filter((_p, i) => of(i).includes(category)))
      .filter((t) => Object.keys(t.scope).length <= 1)
      .map((t) => ({
        ...t,
        label: `first export, ${category}`,
        scope: { ...t.scope, [field]: [category] },
        piece: false,
      }));
  const earlier = [
    ...panel('financial_year', '2018/19', (i) => monthsOf(i).map(yearOf)),
    ...['2019-01', '2019-02', '2019-04', '2019-05'].flatMap((m) => panel('month', m, monthsOf)),
  ];
  const base = input([...earlier, ...matrix(people)]);
  const computed = { of: 'month', pairs: months.map((m) => [m, yearOf(m)] as const) };
  return {
    ...base,
    needs: [
      ...base.needs,
      { field: 'month', categories: months, crossed: true, sets: true },
      { field: 'financial_year', categories: ['2018/19', '2019/20'], crossed: true, sets: true, computed },
    ],
  };
}

/**
 * A second export's matrix, read with the first export's one-need panels for each of 16 areas:
 * 16,384 patterns, where each target's program is long to solve (a checkout before it ran the
 * dual simplex from each last basis, thousands of iterations a target).
 */
function manyAreaPanels(): PatternAuditInput {
  const areas = Array.from({ length: 16 }, (_v, a) => `area ${a + 1}`);
  let seed = 7;
  const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const odds = [0.5, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0.02];
  const people = Array.from({ length: 4000 }, () => odds.reduce((p, odd, k) => (next() < odd ? p | (1 << k) : p), 0));
  const areaOf = (i: number): string => areas[i % areas.length]!;
  const earlier = areas.flatMap((area) =>
    matrix(people.filter((_p, i) => areaOf(i) === area))
      .filter((t) => Object.keys(t.scope).length === 1)
      .map((t) => ({ ...t, label: `first export, ${area}`, scope: { ...t.scope, area: [area] }, piece: false })),
  );
  const base = input([...earlier, ...matrix(people)]);
  return { ...base, needs: [...base.needs, { field: 'area', categories: areas, crossed: true }] };
}

/** The usual matrix with the ranking of the combinations its persons give: ten kept, the rest pooled. */
function ranked(): PatternAuditInput {
  const people = persons(200);
  const count = new Map<number, number>();
  for (const p of people) if (p !== 0) count.set(p, (count.get(p) ?? 0) + 1);
  const label = (mask: number): string => NEEDS.filter((_n, k) => (mask >> k) & 1).join(' + ');
  const kept = [...count]
    .sort((a, b) => b[1] - a[1] || label(a[0]).localeCompare(label(b[0])))
    .slice(0, 10)
    .map(([mask]) => label(mask));
  const from = NEEDS.map((field) => ({ field, label: field }));
  return { ...usual, ranking: { from, categories: [...kept, 'Other combinations', 'No needs'] } };
}

const throughTotal = throughTotalOf(persons(398));
const refusal = throughTotalOf(persons(398, 1));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function auditOf(checkout: string): Promise<Audit> {
  const url = pathToFileURL(resolve(checkout, 'src-main/disclosure/needsPatternAudit.ts')).href;
  return ((await import(url)) as { auditNeedsPatterns: Audit }).auditNeedsPatterns;
}

const [ours, peer, runs = '3'] = process.argv.slice(2);
if (!ours || !peer) throw new Error('Usage: npx tsx bench/needsAuditCost.ts <checkout> <peer checkout> [runs]');
const audits = { ours: await auditOf(ours), peer: await auditOf(peer) };
// Once each untimed: the solver's WASM loads on the first program.
for (const audit of Object.values(audits)) await audit(usual);
const cases = {
  'small pairs': usual,
  'through the total': throughTotal,
  refused: refusal,
  'crossed with earlier panels': crossedPanels(),
  'panels by the number of needs': countPanels(),
  'panels by a year and a month': yearAndMonthPanels(),
  'panels by a year and months of records': yearAndMonthRecordPanels(),
  'panels for 16 areas': manyAreaPanels(),
  'the ranking of the combinations': ranked(),
};
const only = process.env.NEEDS_AUDIT_CASE;
for (const [name, case_] of Object.entries(cases)) {
  if (only !== undefined && name !== only) continue;
  const times: Record<'ours' | 'peer', number[]> = { ours: [], peer: [] };
  const outcome: Record<string, string> = {};
  for (let r = 0; r < Number(runs); r++)
    for (const side of ['ours', 'peer'] as const) {
      const started = performance.now();
      const result = await audits[side](case_);
      times[side].push(performance.now() - started);
      outcome[side] = JSON.stringify(result);
    }
  const [a, b] = [median(times.ours), median(times.peer)];
  console.log(`${name}: ours ${a.toFixed(0)} ms, peer ${b.toFixed(0)} ms, ratio ${(a / b).toFixed(2)}`);
  for (const side of ['ours', 'peer']) console.log(`  ${side}: ${outcome[side]}`);
}
