// The Electron main process: a thin supervisor. It serves the renderer from app:// (never
// file://), hardens the session and every webContents (hardening.ts), moves protocol messages
// between the window and the same dispatcher the loopback bridge uses (only from the app's
// own top frame), and owns what only a desktop app has: the menu, native dialogs, the OS key
// store, the window's remembered bounds, and a clean close on quit.
import { openSampleWorkspace as openSampleIn } from '../sample/openSample.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  type IpcMainEvent,
} from 'electron';
import { IPC_CHANNEL_TO_MAIN, IPC_CHANNEL_TO_RENDERER, type ServerMessage } from '../../shared/protocol.ts';
import { APP_NAME, APP_VERSION } from '../appVersion.ts';
import { createDispatcher } from '../ipc/dispatcher.ts';
import { createHandlers } from '../ipc/createHandlers.ts';
import { createMainServices, type MainServices } from '../ipc/mainServices.ts';
import { aboutDetail, aboutMessage } from './aboutInfo.ts';
import { buildMenuTemplate } from './appMenu.ts';
import { createAppProtocolHandler } from './appProtocol.ts';
import { chosenPath, openDialogOptions, saveDialogOptions } from './dialogOptions.ts';
import { hardenContents, hardenSession } from './hardening.ts';
import { createKeyStore } from './keyStore.ts';
import { KEY_STORE_FILE } from './keyStorePolicy.ts';
import { createQuitCoordinator } from './lifecycle.ts';
import { APP_ENTRY_URL, APP_SCHEME, isTrustedSender } from './requestPolicy.ts';
import { createMainWindow } from './windowOptions.ts';
import { clampToDisplays, loadWindowState, saveWindowState, windowStatePath } from './windowState.ts';

const here = dirname(fileURLToPath(import.meta.url));
const rendererRoot = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'preload.cjs');
const devTools = !app.isPackaged && process.env.VSO_DEVTOOLS === '1';

// Must happen before `ready`: app:// behaves like a secure, standard origin (CSP 'self' works).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
// Every renderer is sandboxed, whatever its options say.
app.enableSandbox();

if (app.requestSingleInstanceLock()) {
  start();
} else {
  app.quit();
}

function start(): void {
  const services: MainServices = createMainServices({ mode: 'electron', modeReason: 'the Electron binary is present' });
  const dispatcher = createDispatcher(createHandlers(services), 'ipc');
  const trustedContents = new Set<number>();
  let mainWindow: BrowserWindow | null = null;

  services.dialogs = {
    async showOpen(request) {
      const options = openDialogOptions(request, app.getPath('documents'));
      return chosenPath(
        mainWindow === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(mainWindow, options),
      );
    },
    async showSave(request) {
      const options = saveDialogOptions(request, app.getPath('documents'));
      return chosenPath(
        mainWindow === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(mainWindow, options),
      );
    },
  };
  services.passphraseVault = createKeyStore({ file: join(app.getPath('userData'), KEY_STORE_FILE), safeStorage });

  ipcMain.on(IPC_CHANNEL_TO_MAIN, (event: IpcMainEvent, message: unknown) => {
    const frame = event.senderFrame;
    const sender = {
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame.parent === null,
      senderId: event.sender.id,
    };
    if (!isTrustedSender(sender, trustedContents)) return;
    const reply = (m: ServerMessage): void => {
      if (!event.sender.isDestroyed()) event.sender.send(IPC_CHANNEL_TO_RENDERER, m);
    };
    void dispatcher.receive(message, reply);
  });

  services.subscribe((appEvent) => {
    if (mainWindow !== null && !mainWindow.isDestroyed())
      mainWindow.webContents.send(IPC_CHANNEL_TO_RENDERER, { type: 'event', ...appEvent });
  });

  function showAbout(): void {
    const facts = { name: APP_NAME, version: APP_VERSION, versions: process.versions };
    const options = {
      type: 'info' as const,
      title: `About ${APP_NAME}`,
      message: aboutMessage(facts),
      detail: aboutDetail(facts),
      buttons: ['OK'],
    };
    void (mainWindow === null ? dialog.showMessageBox(options) : dialog.showMessageBox(mainWindow, options));
  }

  async function createWindow(): Promise<void> {
    const stateFile = windowStatePath(app.getPath('userData'));
    const saved = await loadWindowState(stateFile);
    const displays = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()];
    const window = createMainWindow(BrowserWindow, preloadPath, { bounds: clampToDisplays(saved, displays), devTools });
    mainWindow = window;
    const contentsId = window.webContents.id;
    trustedContents.add(contentsId);
    window.once('ready-to-show', () => {
      if (saved?.maximized === true) window.maximize();
      window.show();
    });
    window.on('close', () => {
      const bounds = window.getNormalBounds();
      void saveWindowState(stateFile, { version: 1, bounds, maximized: window.isMaximized() }).catch(() => undefined);
    });
    window.on('closed', () => {
      trustedContents.delete(contentsId);
      dispatcher.cancelAll();
      mainWindow = null;
    });
    await window.loadURL(APP_ENTRY_URL);
  }

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every webContents, whoever creates it: no new windows, no navigation, no <webview>.
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));

  const quit = createQuitCoordinator({
    cancelAll: () => dispatcher.cancelAll(),
    shutdown: () => services.shutdown(),
    quit: () => app.quit(),
  });
  app.on('before-quit', (event) => quit.onBeforeQuit(event));
  app.on('window-all-closed', () => app.quit());

  /** `npm start -- --sample`: a workspace of synthetic records, its passphrase shown once on the terminal. */
  async function openSampleWorkspace(): Promise<void> {
    const { summary, passphrase } = await openSampleIn(services);
    process.stdout.write(
      `Sample workspace of synthetic records opened: ${summary.path}\nIts passphrase (shown once): ${passphrase}\n`,
    );
  }

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, { devTools });
    protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          appName: APP_NAME,
          devTools,
          actions: { send: (command) => services.publish({ topic: 'menu.command', payload: { command } }), showAbout },
        }),
      ),
    );
    powerMonitor.on('lock-screen', () => void services.lock('screen-locked'));
    powerMonitor.on('suspend', () => void services.lock('suspend'));
    await createWindow();
    if (process.argv.includes('--sample')) await openSampleWorkspace();
  });
}
