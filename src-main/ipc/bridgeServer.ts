// The loopback bridge: the same dispatcher as Electron IPC, over HTTP on 127.0.0.1 with a
// random port. It also serves the built renderer, so browser mode and end-to-end tests run the
// very same app. Every request but the launch needs a secret: the browser's session cookie
// (HttpOnly, SameSite=Strict), or, for clients in this process, the token header. The browser
// is started with a one-time launch code in its URL, which is on its command line (any local
// user's `ps` shows it) and in its history; the first load trades the code for the cookie and
// the code is dead from then on, so nothing there opens the app again. Other defences: Host and
// Origin checks against DNS rebinding, constant-time compares, bounded bodies, no CORS, strict CSP.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BRIDGE_EVENTS_PATH,
  BRIDGE_MAX_BODY_BYTES,
  BRIDGE_RPC_PATH,
  BRIDGE_TOKEN_HEADER,
  type EventMessage,
  type ServerMessage,
} from '../../shared/protocol.ts';
import type { Dispatcher } from './dispatcher.ts';
import { serveStatic } from './staticFiles.ts';
import { SECURITY_HEADERS } from './contentSecurityPolicy.ts';
import { noSessionPage, usedLaunchLinkPage } from './bridgePages.ts';

export interface BridgeOptions {
  dispatcher: Dispatcher;
  /** Folder of the built renderer (index.html and assets); omitted: API only. */
  staticRoot?: string;
  /** Fixed port for tests that need one; default a random free port. */
  port?: number;
  token?: string;
}

export interface Bridge {
  url: string;
  port: number;
  /** For clients in this process (tests): the `x-vso-token` header. Never printed or passed on. */
  token: string;
  /** The URL that opens the app once: its launch code is traded for the session cookie. */
  appUrl: string;
  /** A further one-time launch URL (another browser profile). */
  launchUrl(): string;
  /** Launch codes not used yet. */
  readonly unusedLaunchCodes: number;
  publish(event: Omit<EventMessage, 'type'>): void;
  close(): Promise<void>;
}

export function tokensEqual(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // Compare equal-length buffers so the timing reveals nothing about the prefix.
  const same = a.length === b.length;
  return timingSafeEqual(same ? a : b, b) && same;
}

/** Only our own origin may talk to the bridge: refuse other Host names (DNS rebinding) and origins. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // same-origin GETs and non-browser clients send none
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export const LAUNCH_PATH = '/launch';

/** The session cookie's name, with the port: cookies are shared across the ports of a host. */
export function sessionCookieName(port: number): string {
  return `vso_session_${port}`;
}

/** The value of cookie `name` in a Cookie header, if any. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function sendHtml(res: ServerResponse, status: number, html: string, method: string | undefined): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
  res.end(method === 'HEAD' ? undefined : html);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new Error('too large'));
      return;
    }
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const secret = (): string => randomBytes(32).toString('hex');

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? secret();
  const sessionSecret = secret();
  const launchCodes = new Set<string>();
  const eventStreams = new Set<ServerResponse>();
  let port = 0;

  const newLaunchCode = (): string => {
    const code = secret();
    launchCodes.add(code);
    return code;
  };
  /** Uses up `given` if it is a live launch code (compared in constant time). */
  const takeLaunchCode = (given: string | null): boolean => {
    for (const code of launchCodes) {
      if (tokensEqual(code, given ?? undefined)) {
        launchCodes.delete(code);
        return true;
      }
    }
    return false;
  };
  const authorised = (req: IncomingMessage): boolean => {
    const header = req.headers[BRIDGE_TOKEN_HEADER];
    if (typeof header === 'string' && tokensEqual(token, header)) return true;
    return tokensEqual(sessionSecret, cookieValue(req.headers.cookie, sessionCookieName(port)));
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) {
      refuse(res, 403, 'FORBIDDEN', 'This server only answers requests addressed to 127.0.0.1.');
      return;
    }
    if (!originAllowed(req.headers.origin, port)) {
      refuse(res, 403, 'FORBIDDEN', 'Requests from another origin are refused.');
      return;
    }
    const requested = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const path = requested.pathname;
    if (path === LAUNCH_PATH) {
      launch(req, res, requested.searchParams.get('code'));
      return;
    }
    if (!authorised(req)) {
      if (path === BRIDGE_RPC_PATH || path === BRIDGE_EVENTS_PATH) {
        refuse(res, 401, 'UNAUTHORIZED', 'Missing or wrong session.');
      } else {
        // A page, not a bare refusal: someone opened the printed address in another browser.
        sendHtml(res, 401, noSessionPage(), req.method);
      }
      return;
    }
    if (path === BRIDGE_RPC_PATH || path === BRIDGE_EVENTS_PATH) {
      if (path === BRIDGE_EVENTS_PATH) {
        openEventStream(req, res);
        return;
      }
      await handleRpc(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'BAD_REQUEST', 'Method not allowed.');
      return;
    }
    if (options.staticRoot === undefined) {
      refuse(res, 404, 'NOT_FOUND', 'Not found.');
      return;
    }
    await serveStatic(options.staticRoot, path, res);
  }

  /** Trades a live launch code for the session cookie, then shows the app at `/` (the code gone from the address). */
  function launch(req: IncomingMessage, res: ServerResponse, code: string | null): void {
    if (req.method !== 'GET' || !takeLaunchCode(code)) {
      sendHtml(res, 403, usedLaunchLinkPage(), req.method);
      return;
    }
    res.writeHead(303, {
      ...SECURITY_HEADERS,
      Location: '/',
      'Set-Cookie': `${sessionCookieName(port)}=${sessionSecret}; Path=/; HttpOnly; SameSite=Strict`,
    });
    res.end();
  }

  async function handleRpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      refuse(res, 405, 'BAD_REQUEST', 'Use POST.');
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      refuse(res, 415, 'BAD_REQUEST', 'Send JSON.');
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(await readBody(req, BRIDGE_MAX_BODY_BYTES));
    } catch (error) {
      const tooLarge = error instanceof Error && error.message === 'too large';
      refuse(res, tooLarge ? 413 : 400, 'BAD_REQUEST', tooLarge ? 'Request too large.' : 'Malformed JSON.');
      return;
    }
    // One request, streamed replies: progress lines, then exactly one result line (NDJSON).
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/x-ndjson; charset=utf-8' });
    await options.dispatcher.receive(message, (reply: ServerMessage) => {
      res.write(`${JSON.stringify(reply)}\n`);
    });
    res.end();
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/x-ndjson; charset=utf-8' });
    res.write('\n');
    eventStreams.add(res);
    req.on('close', () => eventStreams.delete(res));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    token,
    appUrl: `${url}${LAUNCH_PATH}?code=${newLaunchCode()}`,
    launchUrl: () => `${url}${LAUNCH_PATH}?code=${newLaunchCode()}`,
    get unusedLaunchCodes() {
      return launchCodes.size;
    },
    publish(event) {
      const line = `${JSON.stringify({ type: 'event', ...event })}\n`;
      for (const stream of eventStreams) stream.write(line);
    },
    close() {
      for (const stream of eventStreams) stream.end();
      eventStreams.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
