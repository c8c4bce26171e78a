// Primary suppression: the published counts that are themselves disclosive. A count from 1 to
// threshold-1 is suppressed wherever it appears, cell or total; zero only when the rule says so.
import type { DisclosureRule } from '../../shared/query.ts';
import type { TableModel } from './tableModel.ts';

export function isPrimary(value: number, rule: Pick<DisclosureRule, 'threshold' | 'suppressZeros'>): boolean {
  return value === 0 ? rule.suppressZeros : value < rule.threshold;
}

/** The published nodes that primary suppression hides. */
export function primaryNodes(model: TableModel, rule: DisclosureRule): Set<number> {
  const primary = new Set<number>();
  model.nodes.forEach((node, index) => {
    if (node.published && node.value !== null && isPrimary(node.value, rule)) primary.add(index);
  });
  return primary;
}
