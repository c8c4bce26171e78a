// The application menu and the About text.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../shared/menuCommands.ts';
import { aboutDetail, aboutMessage } from '../../../src-main/shell/aboutInfo.ts';
import { buildMenuTemplate } from '../../../src-main/shell/appMenu.ts';

type MenuItemConstructorOptions = ReturnType<typeof buildMenuTemplate>[number];

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function menu(
  platform: NodeJS.Platform,
  devTools = false,
): { items: MenuItemConstructorOptions[]; sent: MenuCommand[]; abouts: number[] } {
  const sent: MenuCommand[] = [];
  const abouts: number[] = [];
  const items = flatten(
    buildMenuTemplate({
      platform,
      appName: 'VSO Workbench',
      devTools,
      actions: { send: (c) => sent.push(c), showAbout: () => abouts.push(1) },
    }),
  );
  return { items, sent, abouts };
}

const byLabel = (items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions => {
  const found = items.find((i) => i.label === label);
  if (found === undefined) throw new Error(`no menu item "${label}"`);
  return found;
};
const click = (item: MenuItemConstructorOptions): void => (item.click as () => void)();

describe('application menu', () => {
  it('has the workspace commands with the usual accelerators, each sent to the renderer', () => {
    const { items, sent } = menu('linux');
    const expected: [string, string, MenuCommand][] = [
      ['New workspace…', 'CmdOrCtrl+N', 'workspace.new'],
      ['Open workspace…', 'CmdOrCtrl+O', 'workspace.open'],
      ['Lock', 'CmdOrCtrl+L', 'workspace.lock'],
      ['Back up…', 'CmdOrCtrl+Shift+S', 'workspace.backup'],
      ['User guide', 'F1', 'help.guide'],
    ];
    for (const [label, accelerator, command] of expected) {
      const item = byLabel(items, label);
      expect(item.accelerator, label).toBe(accelerator);
      click(item);
      expect(sent.at(-1)).toBe(command);
    }
    expect(items.find((i) => i.role === 'quit')?.accelerator).toBe('CmdOrCtrl+Q');
  });

  it('has the edit roles and zoom, and reload or DevTools only when DevTools are enabled', () => {
    const roles = (list: MenuItemConstructorOptions[]): unknown[] => list.map((i) => i.role).filter(Boolean);
    const normal = roles(menu('win32').items);
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut'])
      expect(normal).toContain(role);
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(normal).not.toContain(role);
    const development = roles(menu('win32', true).items);
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(development).toContain(role);
  });

  it('puts About in Help on Windows and Linux, in the app menu on macOS', () => {
    const linux = menu('linux');
    click(byLabel(linux.items, 'About VSO Workbench'));
    expect(linux.abouts).toHaveLength(1);
    const mac = menu('darwin');
    expect(mac.items[0]?.label).toBe('VSO Workbench');
    expect((mac.items[0]?.submenu as MenuItemConstructorOptions[])[0]?.label).toBe('About VSO Workbench');
  });
});

describe('About', () => {
  const facts = {
    name: 'VSO Workbench',
    version: '0.1.0',
    versions: { electron: '45.5.0', chrome: '140.0.0.0', node: '22.19.0' },
  };

  it('shows the version and the runtime', () => {
    expect(aboutMessage(facts)).toBe('VSO Workbench 0.1.0');
    expect(aboutDetail(facts)).toContain('Electron 45.5.0');
  });

  it('carries the ONS attribution exactly as the boundary file’s SOURCE.md requires', () => {
    const source = readFileSync(join('shared', 'geo', 'SOURCE.md'), 'utf8');
    const quote = /^> (.+)$/m.exec(source)?.[1];
    expect(quote).toBeDefined();
    expect(aboutDetail(facts)).toContain(quote);
    expect(aboutDetail(facts)).toContain('Open Government Licence v3.0');
  });

  it('names the licence of every bundled font package, and the renderer bundles no font of its own', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const fontPackages = Object.keys(pkg.dependencies).filter((name) => name.includes('fonts'));
    for (const name of fontPackages) {
      const family = name
        .split('/')
        .at(-1)
        ?.replace(/-(\d+)$/, ' $1')
        .replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => ` ${c.toUpperCase()}`)
        .trim();
      expect(aboutDetail(facts), name).toContain(family);
    }
    if (fontPackages.length > 0) expect(aboutDetail(facts)).toContain('SIL Open Font Licence 1.1');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) =>
        statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)],
      );
    const renderer = files('src-renderer');
    expect(renderer.filter((f) => /\.(woff2?|ttf|otf|eot)$/i.test(f))).toEqual([]);
    expect(renderer.filter((f) => /\.(css|tsx?)$/.test(f) && readFileSync(f, 'utf8').includes('@font-face'))).toEqual(
      [],
    );
  });
});
