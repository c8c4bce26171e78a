// Every query an infographic will run, listed without running it: the report pack checks them
// against the workspace before drawing, so a vanished category is reported, not drawn wrong.
import type { FigureSpec } from '../../../shared/figure.ts';
import type { InfographicDoc } from '../../../shared/infographic.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import { previousFinancialYear } from '../../../shared/infographic.ts';
import { countSpec } from './queries.ts';

export interface NamedSpec {
  where: string;
  spec: QuerySpec;
}

export function infographicSpecs(
  doc: InfographicDoc,
  figure: (name: string) => FigureSpec | undefined,
): { specs: NamedSpec[]; missing: string[] } {
  const specs: NamedSpec[] = [];
  const missing: string[] = [];
  doc.blocks.forEach((block, i) => {
    const where = `block ${i + 1} (${block.kind})`;
    switch (block.kind) {
      case 'title':
      case 'text':
        return;
      case 'headline':
        specs.push({ where, spec: countSpec(block.query, [], block.financialYear) });
        if (block.compare && block.financialYear)
          specs.push({ where, spec: countSpec(block.query, [], previousFinancialYear(block.financialYear)) });
        return;
      case 'iconRow':
        specs.push({ where, spec: countSpec(block.base) }, { where, spec: countSpec(block.base, block.subset) });
        return;
      case 'flagChart':
        for (const flag of block.flags)
          specs.push({ where, spec: countSpec(block.base, [{ kind: 'equals', field: flag.field, equals: true }]) });
        return;
      case 'map':
        specs.push({ where, spec: block.query });
        return;
      case 'chart': {
        const found = typeof block.figure === 'string' ? figure(block.figure) : block.figure;
        if (found) specs.push({ where, spec: found.query });
        else missing.push(`${where}: the saved figure "${String(block.figure)}" no longer exists.`);
        return;
      }
    }
  });
  return { specs, missing };
}
