// The application menu: the usual commands and accelerators. Commands that belong to the
// renderer's screens (new, open, lock, back up, user guide) reach it as `menu.command`
// events; About is a native message box. Reload and DevTools exist only when DevTools are
// enabled (a development run), never in a normal one. Pure: returns the template, tested in Node.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/menuCommands.ts';

export interface MenuActions {
  send(command: MenuCommand): void;
  showAbout(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  devTools: boolean;
  actions: MenuActions;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { actions, appName, devTools } = options;
  const mac = options.platform === 'darwin';
  const command = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator === undefined ? {} : { accelerator }),
    click: () => actions.send(name),
  });
  const about: MenuItemConstructorOptions = { label: `About ${appName}`, click: () => actions.showAbout() };

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: appName,
          submenu: [
            about,
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('New workspace…', 'workspace.new', 'CmdOrCtrl+N'),
      command('Open workspace…', 'workspace.open', 'CmdOrCtrl+O'),
      { type: 'separator' },
      command('Lock', 'workspace.lock', 'CmdOrCtrl+L'),
      command('Back up…', 'workspace.backup', 'CmdOrCtrl+Shift+S'),
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', accelerator: 'CmdOrCtrl+Q' } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(devTools
        ? [
            { role: 'reload' } as const,
            { role: 'forceReload' } as const,
            { role: 'toggleDevTools' } as const,
            { type: 'separator' } as const,
          ]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const window: MenuItemConstructorOptions = { role: 'windowMenu' };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      command('User guide', 'help.guide', 'F1'),
      command('Guided start', 'help.tour'),
      ...(mac ? [] : [{ type: 'separator' } as const, about]),
    ],
  };

  return [...appMenu, file, edit, view, window, help];
}
