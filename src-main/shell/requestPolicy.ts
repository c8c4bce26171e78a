// Which URLs the app may load or navigate to: only its own app:// origin. Pure, so the
// rules are tested in plain Node; main.ts wires them into Electron's session hooks.
export const APP_SCHEME = 'app';
export const APP_HOST = 'vso';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Every network request outside the app is cancelled: the app is offline by construction. */
export function shouldCancelRequest(url: string): boolean {
  if (isAppUrl(url)) return false;
  // DevTools and Chromium internals use these schemes; they never reach the network.
  return !(url.startsWith('devtools://') || url.startsWith('data:') || url.startsWith('blob:app://'));
}

/** Navigation away from the loaded app page is never allowed (in-page hash changes do not ask). */
export function shouldBlockNavigation(currentUrl: string, targetUrl: string): boolean {
  if (!isAppUrl(targetUrl)) return true;
  return new URL(currentUrl).pathname !== new URL(targetUrl).pathname;
}

/** Permission requests (camera, notifications, geolocation, …) are all denied. */
export function permissionDecision(): false {
  return false;
}

/** IPC is accepted only from the app's own top frame. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && frameUrl !== undefined && isAppUrl(frameUrl);
}
