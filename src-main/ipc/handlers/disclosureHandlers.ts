// workspace.policy.*: the disclosure policy every published output must meet; and
// disclosure.advise: ways to redesign a table that would lose many cells.
import { describePolicy, type DisclosurePolicy } from '../../../shared/disclosurePolicy.ts';
import { adviseTable } from '../../disclosure/advisor.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M = 'workspace.policy.get' | 'workspace.policy.set' | 'disclosure.advise';

function view(policy: DisclosurePolicy) {
  return { policy, description: describePolicy(policy) };
}

export function disclosureHandlers({ session, analysis }: MainServices): { [K in M]: Handler<K> } {
  return {
    'workspace.policy.get': async () => view(session.current().disclosurePolicy()),
    'workspace.policy.set': async ({ passphrase, policy }) =>
      session.exclusive(async () => {
        const changed = view(session.current().setDisclosurePolicy(passphrase, policy));
        session.notify('updated');
        return changed;
      }),
    'disclosure.advise': async (spec, ctx) => {
      const policy = session.current().disclosurePolicy();
      if (spec.cohort === 'overlap')
        return { current: { cells: 0, published: 0, suppressed: 0 }, advise: false, options: [] };
      const { columns } = await analysis.datasetColumns(spec.cohort);
      return adviseTable(spec, {
        raw: (s) => analysis.rawQuery(s),
        publish: (s) => analysis.query(s, { signal: ctx.signal }),
        field: (name) => {
          const column = columns.find((c) => c.name === name);
          return { label: column?.label ?? name, ordered: column?.kind === 'ordinal' };
        },
        policy,
        signal: ctx.signal,
      });
    },
  };
}
