// The desktop app's native file dialogs and the advisor's redesigns, as typed calls.
import { caller } from './caller.ts';

export const dialogCalls = {
  info: caller('app.info'),
  saveFile: caller('dialog.saveFile'),
  openFile: caller('dialog.openFile'),
};
