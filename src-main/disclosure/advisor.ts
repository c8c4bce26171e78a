// The disclosure advisor: when a table would lose many cells to suppression, the ways to
// redesign it, in the order UK statistical practice prefers them: merge sparse categories
// (adjacent ones for ordered fields), drop a dimension, round (so totals protect the small
// counts instead of secondary suppression); suppression of the design as it stands comes
// last. Each option is run and protected for real, so "cells published" is what the analyst
// would get; options below the workspace policy are not offered, and the whole evaluation
// stops when the signal aborts.
import type { Advice, AdviceOption } from '../../shared/contract/disclosure.ts';
import { shouldAdvise, tableCells } from '../../shared/contract/disclosure.ts';
import { policyShortfalls, type DisclosurePolicy } from '../../shared/disclosurePolicy.ts';
import { isAppError } from '../../shared/errors.ts';
import type { DisclosureRule, QueryResult, QuerySpec } from '../../shared/query.ts';
import { planMerges, type FieldSlices } from './mergePlan.ts';

export interface AdvisorDeps {
  /** The raw counts of a spec (no disclosure control): the merge plans are made on them. */
  raw(spec: QuerySpec): Promise<Pick<QueryResult, 'rows' | 'cols' | 'counts'>>;
  /** The spec as it would be published: engine, then disclosure control. */
  publish(spec: QuerySpec): Promise<QueryResult>;
  field(name: string): { label: string; ordered: boolean };
  policy: DisclosurePolicy;
  signal?: AbortSignal;
}

const ROUNDING_BASES = [5, 10] as const;

/** Per category of `field` (in order), its counts over every combination of the other fields. */
export function fieldSlices(
  result: Pick<QueryResult, 'rows' | 'cols' | 'counts'>,
  spec: QuerySpec,
  field: string,
  about: { label: string; ordered: boolean },
): FieldSlices {
  const fields = [...result.rows.fields, ...result.cols.fields];
  const at = fields.indexOf(field);
  const categories: string[] = [];
  const restIndex = new Map<string, number>();
  const slices = new Map<string, number[]>();
  result.rows.keys.forEach((rowKey, i) =>
    result.cols.keys.forEach((colKey, j) => {
      const key = [...rowKey, ...colKey];
      const category = key[at] as string;
      const rest = JSON.stringify(key.filter((_, k) => k !== at));
      if (!slices.has(category)) {
        categories.push(category);
        slices.set(category, []);
      }
      let r = restIndex.get(rest);
      if (r === undefined) {
        r = restIndex.size;
        restIndex.set(rest, r);
      }
      (slices.get(category) as number[])[r] = result.counts[i]?.[j] ?? 0;
    }),
  );
  const groups = spec.groups?.[field] ?? [];
  return {
    field,
    label: about.label,
    ordered: about.ordered,
    categories,
    members: categories.map((c) => groups.find((g) => g.label === c)?.members ?? [c]),
    slices: categories.map((c) => Array.from(slices.get(c) as number[], (v) => v ?? 0)),
  };
}

function withoutField(spec: QuerySpec, field: string): QuerySpec {
  const { [field]: _dropped, ...groups } = spec.groups ?? {};
  const next: QuerySpec = {
    ...spec,
    rows: spec.rows.filter((f) => f !== field),
    cols: spec.cols.filter((f) => f !== field),
    // A chi-square needs a row and a column field; a table that loses one keeps its counts only.
    stats: spec.stats && spec.rows.length + spec.cols.length > 2,
  };
  delete next.groups;
  if (Object.keys(groups).length > 0) next.groups = groups;
  return next;
}

type Candidate = Omit<AdviceOption, 'cells' | 'published' | 'suppressed'>;

function candidates(
  spec: QuerySpec,
  rule: DisclosureRule,
  raw: Pick<QueryResult, 'rows' | 'cols' | 'counts'>,
  deps: AdvisorDeps,
): Candidate[] {
  const fields = [...spec.rows, ...spec.cols];
  const list: Candidate[] = [];
  for (const field of fields) {
    const about = deps.field(field);
    const groups = planMerges(fieldSlices(raw, spec, field, about), rule);
    if (groups === null) continue;
    list.push({
      kind: 'merge',
      field,
      title: about.ordered
        ? `Merge neighbouring ${about.label.toLowerCase()} categories`
        : `Merge the sparsest ${about.label.toLowerCase()} categories`,
      detail: groups.map((g) => `${g.label}: ${g.members.join(', ')}`).join('; '),
      spec: { ...spec, groups: { ...spec.groups, [field]: groups } },
    });
  }
  if (fields.length > 1)
    for (const field of fields) {
      const label = deps.field(field).label;
      list.push({
        kind: 'drop',
        field,
        title: `Leave out ${label.toLowerCase()}`,
        detail: `The table without ${label}: its other fields only.`,
        spec: withoutField(spec, field),
      });
    }
  for (const base of ROUNDING_BASES) {
    if (rule.round !== null && rule.round >= base && !rule.secondary) continue;
    list.push({
      kind: 'round',
      field: null,
      title: `Round to base ${base}`,
      detail: `Every count and total rounded to the nearest ${base}; counts below ${rule.threshold} still suppressed, but rounded totals protect them instead of suppressing further cells.`,
      spec: { ...spec, disclosure: { ...rule, round: Math.max(base, rule.round ?? 0), secondary: false } },
    });
  }
  return list.filter((c) => policyShortfalls(c.spec.disclosure, deps.policy).length === 0);
}

export async function adviseTable(spec: QuerySpec, deps: AdvisorDeps): Promise<Advice> {
  const rule = spec.disclosure;
  if (rule === null) return { current: { cells: 0, published: 0, suppressed: 0 }, advise: false, options: [] };
  const current = tableCells(await deps.publish(spec));
  const advise = shouldAdvise(current);
  const options: AdviceOption[] = [];
  if (advise) {
    const raw = await deps.raw({ ...spec, disclosure: null });
    for (const candidate of candidates(spec, rule, raw, deps)) {
      deps.signal?.throwIfAborted();
      let result: QueryResult;
      try {
        result = await deps.publish(candidate.spec);
      } catch (error) {
        // An option the engine refuses (a group label that clashes, say) is simply not offered.
        if (isAppError(error) && (error.code === 'INVALID_SPEC' || error.code === 'BAD_REQUEST')) continue;
        throw error;
      }
      const cells = tableCells(result);
      if (cells.suppressed < current.suppressed) options.push({ ...candidate, ...cells });
    }
  }
  const order = { merge: 0, drop: 1, round: 2, suppress: 3 } as const;
  options.sort((a, b) => order[a.kind] - order[b.kind] || a.suppressed - b.suppressed);
  options.push({
    kind: 'suppress',
    field: null,
    title: 'Keep this design and suppress',
    detail: `${current.suppressed} of ${current.cells} cells suppressed under the current rule.`,
    spec,
    ...current,
  });
  return { current, advise, options };
}
