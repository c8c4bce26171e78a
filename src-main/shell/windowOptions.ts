// The main window: every security-relevant web preference set explicitly (Electron's
// security checklist: context isolation, sandbox, no Node integration, webSecurity, no
// insecure content, no experimental or Blink features, no <webview>, no auxclick). The
// constructor is passed in, so a test in plain Node records the options it receives, and
// the options stay an object literal inside `new BrowserWindow(…)` where the security
// scanner (electronegativity) can read them.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowBounds {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

export const DEFAULT_BOUNDS: Readonly<WindowBounds> = { width: 1360, height: 860 };
export const MIN_SIZE = { width: 960, height: 600 } as const;
export const WINDOW_TITLE = 'VSO Workbench';

export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

export function createMainWindow<W>(
  BrowserWindow: WindowConstructor<W>,
  preloadPath: string,
  options: { bounds?: WindowBounds; devTools: boolean },
): W {
  const bounds = options.bounds ?? DEFAULT_BOUNDS;
  return new BrowserWindow({
    width: bounds.width,
    height: bounds.height,
    ...(bounds.x === undefined || bounds.y === undefined ? { center: true } : { x: bounds.x, y: bounds.y }),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: WINDOW_TITLE,
    show: false,
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      plugins: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      enableWebSQL: false,
      devTools: options.devTools,
    },
  });
}
