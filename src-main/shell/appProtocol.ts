// The app:// protocol handler: serves the built renderer from one folder, with the same
// security headers and content types as the loopback bridge. Written against the web
// Request/Response types (Node has them too), so it is tested in plain Node with real files.
// Anything else is refused: other hosts, paths escaping the folder (also through links),
// folders, missing files, methods other than GET and HEAD.
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { SECURITY_HEADERS } from '../ipc/contentSecurityPolicy.ts';
import { CONTENT_TYPES, resolveInside } from '../ipc/staticFiles.ts';
import { APP_HOST, APP_SCHEME } from './requestPolicy.ts';

const TEXT = 'text/plain; charset=utf-8';

function refusal(status: 404 | 405, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': TEXT } });
}

async function isFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return info !== null && info.isFile();
}

/** The file's real location (links followed) is still inside the real root folder. */
async function staysInside(realRoot: string, file: string): Promise<boolean> {
  const real = await realpath(file).catch(() => null);
  return real !== null && real.startsWith(realRoot + sep);
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Builds the handler for `protocol.handle('app', …)` over the renderer folder. */
export function createAppProtocolHandler(rendererRoot: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererRoot);
  let realRoot: string | null = null;
  return async (request) => {
    realRoot ??= await realpath(root).catch(() => root);
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refusal(404, 'Not found');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refusal(404, 'Not found');
    const pathname = url.pathname === '/' ? '/index.html' : url.pathname;
    let file = resolveInside(root, pathname);
    if (file !== null && !(await isFile(file))) {
      // Client-side routes (no extension) fall back to the app shell; asset misses are 404s.
      file = extname(pathname) === '' ? join(root, 'index.html') : null;
    }
    if (file === null || !(await isFile(file)) || !(await staysInside(realRoot, file)))
      return refusal(404, 'Not found');
    const body = await readFile(file);
    const headers = {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeFor(file),
      'Content-Length': String(body.length),
    };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
