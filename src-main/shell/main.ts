// The Electron main process: a thin supervisor. It serves the renderer from app://,
// hardens the session (CSP, offline, permissions, navigation), and moves protocol
// messages between the window and the same dispatcher the loopback bridge uses.
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, net, protocol, session, type IpcMainEvent } from 'electron';
import { IPC_CHANNEL_TO_MAIN, IPC_CHANNEL_TO_RENDERER, type ServerMessage } from '../../shared/protocol.ts';
import { createDispatcher } from '../ipc/dispatcher.ts';
import { createHandlers } from '../ipc/createHandlers.ts';
import { createMainServices } from '../ipc/mainServices.ts';
import { resolveInside } from '../ipc/staticFiles.ts';
import { SECURITY_HEADERS } from '../ipc/contentSecurityPolicy.ts';
import { mainWindowOptions } from './windowOptions.ts';
import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  isTrustedSender,
  permissionDecision,
  shouldBlockNavigation,
  shouldCancelRequest,
} from './requestPolicy.ts';

const here = dirname(fileURLToPath(import.meta.url));
const rendererRoot = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

const services = createMainServices({ mode: 'electron', modeReason: 'the Electron binary is present' });
const dispatcher = createDispatcher(createHandlers(services), 'ipc');
let mainWindow: BrowserWindow | null = null;

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(permissionDecision()));
  ses.setPermissionCheckHandler(() => permissionDecision());
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: shouldCancelRequest(details.url) }));
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveInside(rendererRoot, url.pathname === '/' ? '/index.html' : url.pathname) : null;
    if (file === null) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      const type = extname(file) === '.html' ? 'text/html' : undefined;
      return new Response(body, { headers: { ...SECURITY_HEADERS, ...(type ? { 'Content-Type': type } : {}) } });
    } catch {
      return net.fetch('data:text/plain,Not%20found');
    }
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow(mainWindowOptions(preloadPath));
  const contents = mainWindow.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (shouldBlockNavigation(contents.getURL(), url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

ipcMain.on(IPC_CHANNEL_TO_MAIN, (event: IpcMainEvent, message: unknown) => {
  if (!isTrustedSender(event.senderFrame?.url, event.senderFrame?.parent === null)) return;
  const reply = (m: ServerMessage): void => {
    if (!event.sender.isDestroyed()) event.sender.send(IPC_CHANNEL_TO_RENDERER, m);
  };
  void dispatcher.receive(message, reply);
});

services.subscribe((appEvent) => {
  mainWindow?.webContents.send(IPC_CHANNEL_TO_RENDERER, { type: 'event', ...appEvent });
});

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => {
  dispatcher.cancelAll();
  app.quit();
});

void app.whenReady().then(() => {
  hardenSession();
  createWindow();
});
