// Which URLs the app may load, navigate to or accept messages from: only its own app://
// origin. Pure, so every rule is tested in plain Node; main.ts and hardening.ts wire them
// into Electron's session and webContents hooks.
export const APP_SCHEME = 'app';
export const APP_HOST = 'vso';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string | undefined): URL | null {
  if (url === undefined) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for app://vso/… and nothing else (no other host, no user info, no port). */
export function isAppUrl(url: string | undefined): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Every request outside the app is cancelled: the app is offline by construction. Allowed:
 * the app's own origin, inline `data:` URLs (images Plotly draws), `blob:` URLs minted by the
 * app's own page (exports, workers), and `devtools:` only when DevTools are enabled.
 */
export function shouldCancelRequest(url: string, options: { devTools?: boolean } = {}): boolean {
  if (isAppUrl(url)) return false;
  if (url.startsWith('data:')) return false;
  if (url.startsWith('blob:')) return !isAppUrl(url.slice('blob:'.length));
  if (options.devTools === true && url.startsWith('devtools://')) return false;
  return true;
}

/**
 * Navigation away from the loaded page is never allowed: not to another origin, not to
 * another page of the app (the renderer routes in-page; a hash change does not navigate).
 */
export function shouldBlockNavigation(currentUrl: string, targetUrl: string): boolean {
  const current = parse(currentUrl);
  const target = parse(targetUrl);
  if (current === null || target === null || !isAppUrl(targetUrl) || !isAppUrl(currentUrl)) return true;
  return current.pathname !== target.pathname || current.search !== target.search;
}

/** Permission requests and checks (camera, notifications, clipboard, geolocation, …) are all denied. */
export function permissionDecision(_permission?: string): false {
  return false;
}

/** What an IPC event tells about its sender, reduced to what the check needs. */
export interface IpcSenderFacts {
  /** The URL of the frame that sent the message; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** The sending frame is the top frame of its page (not an iframe). */
  isMainFrame: boolean;
  /** webContents id of the sender. */
  senderId: number;
}

/** IPC is accepted only from the app's own top frame, in a window the app created. */
export function isTrustedSender(sender: IpcSenderFacts, trustedContentsIds: ReadonlySet<number>): boolean {
  return sender.isMainFrame && isAppUrl(sender.frameUrl) && trustedContentsIds.has(sender.senderId);
}
