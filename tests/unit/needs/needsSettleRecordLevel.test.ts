// Settling needs together when the release's earlier outputs are panels by a field a person's
// records may lie in two categories of (service): eighteen persons, each with the same needs on
// every record, five of them with records in both the North and the South. The release printed
// the persons of each service (13 and 9: 22, more than the 18 of the whole) and hid the South's
// persons with needs a and b (1). Read as a sum of the panels, as crossing service would read
// them, the whole could hold no persons at all. The engine tells from the records that service is
// no field of one category per person, so it is not crossed and the panels by other services than
// the matrix's are not read: the matrix is neither refused as unmodelled nor is the South's count
// taken as settled on a false model. An independent intruder, over persons per (needs, set of
// services) pattern, finds no hidden small count narrowed by what is published.
import { describe, expect, it } from 'vitest';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import { settleNeedsPieces, type SettledSession } from '../../../src-main/app/analysis/needsSettle.ts';
import { auditNeedsPatternsOffThread } from '../../../src-main/disclosure/needsAuditOffThread.ts';
import type { PatternAuditInput } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { personLevelFields } from '../../../src-main/engine/personLevelFields.ts';
import { mostOverPatterns, patternSum } from '../disclosure/patternIntruder.ts';

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
  { needs: [A, B], services: ['North'], persons: 4 },
  { needs: [A, B], services: ['North', 'South'], persons: 1 },
  { needs: [A], services: ['North'], persons: 2 },
  { needs: [A], services: ['South'], persons: 2 },
  { needs: [B], services: ['North'], persons: 1 },
  { needs: [B], services: ['North', 'South'], persons: 1 },
  { needs: [], services: ['North'], persons: 2 },
  { needs: [], services: ['South'], persons: 3 },
  { needs: [], services: ['North', 'South'], persons: 2 },
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
    cells: [
      {
        key: {},
        row: null,
        col: null,
        value,
        shown: printed ? value : null,
        status: printed ? 'published' : 'primary',
      },
    ],
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
  it('does not cross a field a person has records in two categories of, and refuses nothing for it', async () => {
    const both = { [A]: 'Yes', [B]: 'Yes' };
    const earlier = [
      table('‘North’', { service: 'North' }, true),
      table('‘South’', { service: 'South' }, true),
      table('‘South with both’', { ...both, service: 'South' }, false),
    ];
    const matrix = [
      table('persons', {}, true),
      table('a and b', both, true),
      table('a', { [A]: 'Yes' }, true),
      table('b', { [B]: 'Yes' }, true),
    ];
    // The premise: the panels overlap, so the whole is less than their sum.
    expect(earlier[0]!.cells[0]!.value + earlier[1]!.cells[0]!.value).toBeGreaterThan(matrix[0]!.cells[0]!.value);
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
    // Service is not crossed, so the panels by service are not read with the matrix.
    expect(audited[0]!.needs.map((n) => n.field)).toEqual([A, B]);

    expect(audited[0]!.tables.map((t) => t.label)).toEqual(['the persons of this matrix', 'a and b', 'a', 'b']);
    expect(result.givenAwayEarlier).toEqual([]);
    // Nothing of the matrix is small or narrowed: it is published whole, refused for no false model.
    expect(withheld).toEqual(new Map());
    const published = [...earlier, ...matrix];
    expect(await narrows(published, earlier[2]!)).toBe(false);
  }, 120_000);
});
