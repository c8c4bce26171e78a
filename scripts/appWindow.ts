// The command line of the app-mode Chromium window of browser mode (`npm start` without
// Electron), shared with the test that reads it back from /proc: what is on it, any local
// user can see with `ps`. The URL's launch code works once (src-main/ipc/bridgeServer.ts).
import { CHROMIUM_FLAGS } from './findChromium.ts';

export function appWindowArgs(options: { appUrl: string; profile: string; root: boolean }): string[] {
  // Chromium's sandbox stays on unless we run as root, where Chromium refuses to start with it.
  const flags = options.root ? CHROMIUM_FLAGS : CHROMIUM_FLAGS.filter((f) => f !== '--no-sandbox');
  return [...flags, `--user-data-dir=${options.profile}`, `--app=${options.appUrl}`, '--window-size=1360,860'];
}
