// Settling needs together when the release's earlier outputs are panels by a field a person's
// records may lie in two categories of (service): thirty-seven persons, each with the same needs
// on every record, eleven of them with records in both the North and the South. The release
// printed the persons of each service (18 and 25: 43, more than the 37 of the whole), the South's
// persons with need a (10) and with need b (10), and hid the South's with both (2). The matrix
// over all offenders prints a and b together (4): the South's 2 is at most 4, below 2 plus the
// protection. Read as a sum of one-service panels the earlier outputs could hold no persons at
// all; the engine tells from the records that service is no field of one category per person, so
// it is crossed as the set of services a person has records in, and a panel counts the persons
// whose set meets it. The matrix is neither refused as unmodelled nor is the South's count left
// narrowed: an independent intruder, over persons per (needs, set of services) pattern, finds no
// hidden small count narrowed by what is published.
import { describe, expect, it } from 'vitest';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import {
  UNMODELLED_REASON,
  settleNeedsPieces,
  type SettledSession,
} from '../../../src-main/app/analysis/needsSettle.ts';
import { auditNeedsPatternsOffThread } from '../../../src-main/disclosure/needsAuditOffThread.ts';
import type { PatternAuditInput } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { personLevelFields } from '../../../src-main/engine/personLevelFields.ts';
import { mostOverPatterns, patternSum } from '../disclosure/patternIntruder.ts';
import { oneCell } from './oneCell.ts';

const [A, B] = ['need_a', 'need_b'];
const NEEDS = [A, B].map((field) => ({ field, label: field.slice(5) }));
const SERVICES = ['North', 'South'];
const DOMAINS = { [A]: ['No', 'Yes'], [B]: ['No', 'Yes'], service: SERVICES };
const THRESHOLD = 3;

/** A group of persons: their needs and the services they have records in. */
interface Group {
  needs: string[];
  services: string[];
  persons: number;
}
const GROUPS: Group[] = [
  { needs: [A, B], services: ['North'], persons: 2 },
  { needs: [A, B], services: ['South'], persons: 1 },
  { needs: [A, B], services: ['North', 'South'], persons: 1 },
  { needs: [A], services: ['North'], persons: 3 },
  { needs: [A], services: ['South'], persons: 8 },
  { needs: [B], services: ['North'], persons: 2 },
  { needs: [B], services: ['South'], persons: 6 },
  { needs: [B], services: ['North', 'South'], persons: 2 },
  { needs: [], services: ['North'], persons: 5 },
  { needs: [], services: ['South'], persons: 4 },
  { needs: [], services: ['North', 'South'], persons: 3 },
];

type Scope = Record<string, string>;

/** Persons with a record in the scope: the needs flagged Yes, the service where filtered. */
const inScope = (g: Group, scope: Scope): boolean =>
  Object.entries(scope).every(([f, c]) => (f === 'service' ? g.services.includes(c) : g.needs.includes(f)));

interface Table {
  spec: QuerySpec;
  label: string;
  scope: Scope;
  cells: PublishedTable['cells'];
}

/** A one-cell persons table under `scope`, printed or hidden. */
function table(label: string, scope: Scope, printed: boolean): Table {
  const value = GROUPS.filter((g) => inScope(g, scope)).reduce((n, g) => n + g.persons, 0);
  const needs = Object.keys(scope).filter((f) => f !== 'service');
  return {
    spec: QuerySpecSchema.parse({
      cohort: 'offenders',
      measure: 'persons',
      filters: Object.entries(scope).map(([field, category]) => ({ kind: 'in', field, in: [category] })),
      rows: needs.slice(0, 1),
      cols: needs.slice(1, 2),
      disclosure: { threshold: THRESHOLD, round: null },
    }),
    label,
    scope,
    cells: oneCell(value, printed),
  };
}

/** The records as the engine holds them: one per person and service, the needs on each. */
function snapshot() {
  const records = GROUPS.flatMap((g, k) =>
    Array.from({ length: g.persons }, (_x, i) => g.services.map((s) => ({ person: k * 10 + i, g, s }))).flat(),
  );
  const code = (labels: string[], label: string): number => labels.indexOf(label);
  return packSnapshot({
    cohort: 'offenders',
    rowCount: records.length,
    personIds: Int32Array.from(records, (r) => r.person),
    dimensions: [
      ...[A, B].map((name) => ({
        name,
        kind: 'flag' as const,
        open: false,
        labels: DOMAINS[name]!,
        codes: Uint8Array.from(records, (r) => (r.g.needs.includes(name) ? 1 : 0)),
      })),
      {
        name: 'service',
        kind: 'category' as const,
        open: false,
        labels: SERVICES,
        codes: Uint8Array.from(records, (r) => code(SERVICES, r.s)),
      },
    ],
    dates: [],
    numbers: [],
    warnings: [],
  });
}

/**
 * Whether the intruder holds `target` below its value plus the protection: persons per pattern
 * of needs (bits a, b) and set of services (North only, South only, both), every printed number
 * an equation over them.
 */
async function narrows(tables: readonly Table[], target: Table): Promise<boolean> {
  const sets = [['North'], ['South'], ['North', 'South']];
  const patterns = sets.flatMap((services) => [[], [A], [B], [A, B]].map((needs) => ({ needs, services, persons: 0 })));
  const terms = (scope: Scope): string[] => patterns.flatMap((g, p) => (inScope(g, scope) ? [`x${p}`] : []));
  const constraints = tables
    .filter((t) => t.cells[0]!.shown !== null)
    .map((t) => `${patternSum(terms(t.scope))} = ${t.cells[0]!.shown}`);
  const most = await mostOverPatterns(constraints, terms(target.scope), patterns.length);
  return most < target.cells[0]!.value + THRESHOLD;
}

describe('settling needs together with panels by a field of records', () => {
  it('crosses a field a person has records in two categories of as sets, and refuses nothing for it', async () => {
    const both = { [A]: 'Yes', [B]: 'Yes' };
    const earlier = [
      table('‘North’', { service: 'North' }, true),
      table('‘South’', { service: 'South' }, true),
      table('‘South with a’', { [A]: 'Yes', service: 'South' }, true),
      table('‘South with b’', { [B]: 'Yes', service: 'South' }, true),
      table('‘South with both’', { ...both, service: 'South' }, false),
    ];
    const matrix = [
      table('persons', {}, true),
      table('a and b', both, true),
      table('a', { [A]: 'Yes' }, true),
      table('b', { [B]: 'Yes' }, true),
    ];
    expect([...earlier, ...matrix].map((t) => t.cells[0]!.value)).toEqual([18, 25, 10, 10, 2, 37, 4, 15, 14]);
    // The premise: the panels overlap (the whole is less than their sum), and the matrix's pair
    // printed narrows the South's hidden count.
    expect(await narrows([...earlier, ...matrix], earlier[4]!)).toBe(true);
    const held = snapshot();
    expect(personLevelFields(held, ['service', A])).toEqual(new Set([A]));
    const audited: PatternAuditInput[] = [];
    const withheld = new Map<number, string>();
    const session: SettledSession = {
      tablesSoFar: () => [...earlier, ...matrix],
      resolvedCount: () => matrix.length,
      withhold: (index, reason) => withheld.set(index, reason),
      personLevelFields: async (fields) => personLevelFields(held, fields),
      auditNeeds: (input, work) => {
        audited.push(input);
        return auditNeedsPatternsOffThread(input, work);
      },
    };
    const spec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons', disclosure: { threshold: THRESHOLD } });
    const result = await settleNeedsPieces(session, spec, NEEDS, 0, DOMAINS);
    // Service is crossed as sets, so the panels by service are read with the matrix.
    expect(audited[0]!.needs.find((n) => n.field === 'service')).toMatchObject({ crossed: true, sets: true });
    expect(audited[0]!.tables.map((t) => t.label)).toContain('‘South with both’');
    expect(result.givenAwayEarlier).toEqual([]);
    // Hidden for the pair, not refused as unmodelled.
    expect([...withheld.values()]).not.toContain(UNMODELLED_REASON);
    expect(withheld.size).toBeGreaterThan(0);
    const published = [
      ...earlier,
      ...matrix.map((t, i) => (withheld.has(i) ? { ...t, cells: t.cells.map((c) => ({ ...c, shown: null })) } : t)),
    ];
    expect(await narrows(published, earlier[4]!)).toBe(false);
  }, 120_000);
});
