// workspace.contact and workspace.setContact: the contact on published spreadsheets' covers,
// kept in the open workspace's settings (audited when changed).
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M = 'workspace.contact' | 'workspace.setContact';

export function settingsHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'workspace.contact': async () => ({ contact: session.current().settings().contact }),
    'workspace.setContact': async ({ contact }) => ({ contact: session.current().updateSettings({ contact }).contact }),
  };
}
