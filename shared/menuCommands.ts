// What the desktop app's native menu asks the renderer to do. Main publishes these as
// `menu.command` events ({ command }); the renderer runs the same action as its own
// button would. Browser mode has no native menu and never sends them.
import { z } from 'zod';

export const MENU_COMMANDS = [
  'workspace.new',
  'workspace.open',
  'workspace.lock',
  'workspace.backup',
  'help.guide',
  'help.tour',
] as const;
export const MenuCommandSchema = z.enum(MENU_COMMANDS);
export type MenuCommand = z.infer<typeof MenuCommandSchema>;

export const MenuCommandEventSchema = z.object({ command: MenuCommandSchema });
export type MenuCommandEvent = z.infer<typeof MenuCommandEventSchema>;
