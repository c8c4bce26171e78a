// dialog.* through the real dispatcher: browser mode says unsupported; with a provider (as
// the Electron shell supplies) the purpose picks the title and file types; payloads are checked.
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createMainServices } from '../../../src-main/ipc/mainServices.ts';
import type { DialogRequest } from '../../../src-main/ipc/platformServices.ts';
import { BROWSER_MODE_KEY_REASON } from '../../../src-main/ipc/handlers/keyHandlers.ts';
import { chosenPath, openDialogOptions, saveDialogOptions } from '../../../src-main/shell/dialogOptions.ts';

describe('dialog.* in browser mode', () => {
  const dispatcher = createDispatcher(
    createHandlers(createMainServices({ mode: 'browser', modeReason: 'test' })),
    'test',
  );

  it('answers unsupported, so the renderer shows its own file chooser', async () => {
    expect(await dispatcher.call('dialog.openFile', { purpose: 'workspace' })).toEqual({
      path: null,
      unsupported: true,
    });
    expect(await dispatcher.call('dialog.saveFile', { purpose: 'backup', defaultName: 'copy.vsow' })).toEqual({
      path: null,
      unsupported: true,
    });
  });

  it('refuses to remember a passphrase, saying why', async () => {
    expect(await dispatcher.call('keys.status', { path: '/w/a.vsow' })).toEqual({
      remembered: false,
      available: false,
      reason: BROWSER_MODE_KEY_REASON,
    });
    await expect(dispatcher.call('keys.remember', { path: '/w/a.vsow', passphrase: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await dispatcher.call('keys.forget', {})).toEqual({ forgotten: 0 });
  });
});

describe('dialog.* with a native provider', () => {
  const requests: { kind: string; request: DialogRequest }[] = [];
  const services = createMainServices({ mode: 'electron', modeReason: 'test' });
  services.dialogs = {
    showOpen: async (request) => {
      requests.push({ kind: 'open', request });
      return '/home/analyst/extract.csv';
    },
    showSave: async (request) => {
      requests.push({ kind: 'save', request });
      return null;
    },
  };
  const dispatcher = createDispatcher(createHandlers(services), 'test');

  it('passes the purpose’s title and file types to the provider and returns its answer', async () => {
    expect(await dispatcher.call('dialog.openFile', { purpose: 'import' })).toEqual({
      path: '/home/analyst/extract.csv',
    });
    expect(requests.at(-1)?.request.title).toBe('Choose an extract to import');
    expect(requests.at(-1)?.request.filters[0]?.extensions).toEqual(expect.arrayContaining(['csv', 'xlsx']));
    expect(await dispatcher.call('dialog.saveFile', { purpose: 'workspace', defaultName: 'victims.vsow' })).toEqual({
      path: null,
    });
    expect(requests.at(-1)?.request).toMatchObject({
      title: 'New workspace',
      defaultName: 'victims.vsow',
      filters: [{ extensions: ['vsow'] }],
    });
  });

  it('refuses names with folders, filters that smuggle paths, and unknown purposes', async () => {
    const before = requests.length;
    await expect(
      dispatcher.call('dialog.saveFile', { purpose: 'backup', defaultName: '../../etc/passwd' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      dispatcher.call('dialog.saveFile', { purpose: 'backup', defaultName: 'C:\\Windows\\x' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      dispatcher.call('dialog.saveFile', { purpose: 'backup', defaultName: '.bashrc' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      dispatcher.call('dialog.openFile', { purpose: 'import', filters: [{ name: 'x', extensions: ['../x'] }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(dispatcher.call('dialog.openFile', { purpose: 'anything' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(requests.length).toBe(before);
  });
});

describe('native dialog options', () => {
  const request: DialogRequest = {
    purpose: 'backup',
    title: 'Back up the workspace',
    filters: [{ name: 'VSO workspace', extensions: ['vsow'] }],
    defaultName: 'copy.vsow',
  };

  it('start in the given folder, open files only, and confirm overwrites', () => {
    expect(openDialogOptions(request, '/home/a/Documents')).toMatchObject({
      defaultPath: '/home/a/Documents',
      properties: ['openFile', 'dontAddToRecent'],
    });
    const save = saveDialogOptions(request, '/home/a/Documents');
    expect(save.defaultPath).toBe('/home/a/Documents/copy.vsow');
    expect(save.properties).toContain('showOverwriteConfirmation');
  });

  it('read the chosen path, or null when cancelled', () => {
    expect(chosenPath({ canceled: true, filePaths: ['/x'] })).toBeNull();
    expect(chosenPath({ canceled: false, filePaths: [] })).toBeNull();
    expect(chosenPath({ canceled: false, filePaths: ['/x/a.vsow'] })).toBe('/x/a.vsow');
    expect(chosenPath({ canceled: false, filePath: '/x/b.vsow' })).toBe('/x/b.vsow');
  });
});
