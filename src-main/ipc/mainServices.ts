// What the handlers are given: the application (src-main/app/application.ts) plus what only
// a transport knows: which mode it runs in, and the Electron shell's native dialogs and key
// store. Transports share one instance and forward its events to their renderers.
import { createApplication, type Application } from '../app/application.ts';
import type { AnalysisService } from '../app/analysis/analysisService.ts';
import type { WorkspaceSession } from '../app/workspace/workspaceSession.ts';
import type { FileRoots } from './fileBrowser.ts';
import type { DialogProvider, PassphraseVault } from './platformServices.ts';

export type { AppEvent } from '../app/application.ts';

export interface MainServices extends Application {
  mode: 'electron' | 'browser';
  modeReason: string;
  /** Native open/save dialogs: set by the Electron shell; absent in browser mode. */
  dialogs?: DialogProvider;
  /** The OS key store for remembered passphrases: set by the Electron shell; absent in browser mode. */
  passphraseVault?: PassphraseVault;
  /** What the in-app file chooser may list; default the user's home folder and mounted drives. */
  fileRoots?: FileRoots;
}

export function createMainServices(
  options: Pick<MainServices, 'mode' | 'modeReason' | 'fileRoots'> & {
    session?: WorkspaceSession;
    analysis?: AnalysisService;
  },
): MainServices {
  const { mode, modeReason, fileRoots, ...parts } = options;
  return { ...createApplication(parts), mode, modeReason, ...(fileRoots === undefined ? {} : { fileRoots }) };
}
