// workspace.policy.*: the disclosure policy every published output must meet; and
// disclosure.advise: ways to redesign a table that would lose many cells.
import { describePolicy, type DisclosurePolicy } from '../../../shared/disclosurePolicy.ts';
import { adviseOnTable } from '../../app/analysis/tableAdvice.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M = 'workspace.policy.get' | 'workspace.policy.set' | 'disclosure.advise';

function view(policy: DisclosurePolicy) {
  return { policy, description: describePolicy(policy) };
}

export function disclosureHandlers({ session, analysis }: MainServices): { [K in M]: Handler<K> } {
  return {
    'workspace.policy.get': async () => view(session.current().disclosurePolicy()),
    'workspace.policy.set': async ({ passphrase, policy }) => {
      const changed = view(await session.current().setDisclosurePolicy(passphrase, policy));
      session.notify('updated');
      return changed;
    },
    'disclosure.advise': async (spec, ctx) => adviseOnTable(session.current(), analysis, spec, ctx.signal),
  };
}
