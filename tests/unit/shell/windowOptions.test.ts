// The main window is created with every security preference of Electron's checklist set.
import { describe, expect, it } from 'vitest';
import {
  createMainWindow,
  DEFAULT_BOUNDS,
  MIN_SIZE,
  type WindowConstructor,
} from '../../../src-main/shell/windowOptions.ts';

type BrowserWindowConstructorOptions = ConstructorParameters<WindowConstructor<unknown>>[0];

class RecordingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

function options(
  devTools = false,
  bounds?: { width: number; height: number; x?: number; y?: number },
): BrowserWindowConstructorOptions {
  return createMainWindow(RecordingWindow, '/app/dist/preload/preload.cjs', { devTools, ...(bounds ? { bounds } : {}) })
    .options;
}

describe('main window options', () => {
  it('sets every web preference of the security checklist to its safe value', () => {
    const prefs = options().webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      plugins: false,
      navigateOnDragDrop: false,
      enableWebSQL: false,
      devTools: false,
    });
    expect(prefs.enableBlinkFeatures ?? '').toBe('');
    expect(prefs.disableBlinkFeatures).toContain('Auxclick');
    expect(prefs.preload).toBe('/app/dist/preload/preload.cjs');
  });

  it('enables DevTools only when asked', () => {
    expect(options(true).webPreferences?.devTools).toBe(true);
  });

  it('starts hidden (shown when ready) and uses the given bounds, centring when no position is known', () => {
    expect(options().show).toBe(false);
    expect(options()).toMatchObject({
      width: DEFAULT_BOUNDS.width,
      height: DEFAULT_BOUNDS.height,
      center: true,
      minWidth: MIN_SIZE.width,
    });
    const placed = options(false, { width: 1000, height: 700, x: 40, y: 50 });
    expect(placed).toMatchObject({ width: 1000, height: 700, x: 40, y: 50 });
    expect(placed.center).toBeUndefined();
  });
});
