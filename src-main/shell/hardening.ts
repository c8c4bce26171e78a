// Wires the pure rules of requestPolicy.ts into Electron's hooks: for the session (every
// permission request and check denied, every request outside app:// cancelled, no spell-check
// dictionary downloads, no foreign downloads) and for every webContents the app ever creates
// (no new windows, no navigation away, no <webview>). Typed structurally, so tests drive it
// with plain stand-in objects; the real Session and WebContents fit these shapes.
import { permissionDecision, shouldBlockNavigation, shouldCancelRequest } from './requestPolicy.ts';

interface Preventable {
  preventDefault(): void;
}
type NavigationEvent = Preventable & { url: string };

export interface HardenableContents {
  getURL(): string;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
}

export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  setSpellCheckerEnabled(enabled: boolean): void;
  webRequest: {
    onBeforeRequest(
      listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void,
    ): void;
  };
  on(event: 'will-download', listener: (event: Preventable, item: { getURL(): string }) => void): unknown;
}

/** Denies new windows and blocks navigation, redirects and <webview> on one webContents. */
export function hardenContents(contents: HardenableContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = (details: NavigationEvent): void => {
    if (shouldBlockNavigation(contents.getURL(), details.url)) details.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Locks down a session: no permissions, no network outside app://, no foreign downloads. */
export function hardenSession(ses: HardenableSession, options: { devTools: boolean }): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  ses.setDevicePermissionHandler(() => permissionDecision());
  // The spell checker would fetch dictionaries from Google's servers.
  ses.setSpellCheckerEnabled(false);
  ses.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: shouldCancelRequest(details.url, options) }),
  );
  // Files the page itself made (blob: and data: URLs) may be saved; nothing fetched from elsewhere.
  ses.on('will-download', (event, item) => {
    if (shouldCancelRequest(item.getURL())) event.preventDefault();
  });
}
