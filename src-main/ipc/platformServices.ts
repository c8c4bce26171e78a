// What only the desktop app can offer the handlers: native dialogs and the OS key store. The
// Electron shell supplies them (src-main/shell/); browser mode has neither, and the handlers
// say so. Types only, so the handlers and the services that carry them share no cycle.
import type { DialogPurpose, FileFilter } from '../../shared/contract/dialog.ts';
import type { KeyStatus } from '../../shared/contract/keys.ts';

export interface DialogRequest {
  purpose: DialogPurpose;
  title: string;
  filters: FileFilter[];
  /** Save dialogs only: the suggested bare file name. */
  defaultName?: string;
}

/** Shows the native dialogs; resolves with the chosen path, or null when the user cancels. */
export interface DialogProvider {
  showOpen(request: DialogRequest): Promise<string | null>;
  showSave(request: DialogRequest): Promise<string | null>;
}

/** Remembered passphrases, encrypted by the operating system. Main-process only. */
export interface PassphraseVault {
  status(workspacePath: string): Promise<KeyStatus>;
  remember(workspacePath: string, passphrase: string): Promise<KeyStatus>;
  /** The remembered passphrase, for main to open the workspace with; null when none. */
  recall(workspacePath: string): Promise<string | null>;
  /** Forget one workspace's passphrase, or all of them; returns how many were forgotten. */
  forget(workspacePath?: string): Promise<number>;
}
