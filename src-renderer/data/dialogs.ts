// The desktop app's native file dialogs and the in-app chooser's listings, as typed calls.
import { caller } from './caller.ts';

export const dialogCalls = {
  info: caller('app.info'),
  saveFile: caller('dialog.saveFile'),
  openFile: caller('dialog.openFile'),
};

/** The in-app file chooser's view of the disk (browser mode). */
export const fileCalls = {
  places: caller('dialog.places'),
  browse: caller('dialog.browse'),
};
