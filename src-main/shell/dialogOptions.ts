// Turns a dialog request (purpose, title, filters, suggested name) into the options of
// Electron's native open and save dialogs, starting in the user's Documents folder. The
// renderer can never choose the folder or the properties: only main builds these.
import { join } from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { DialogRequest } from '../ipc/platformServices.ts';

export function openDialogOptions(request: DialogRequest, startFolder: string): OpenDialogOptions {
  return {
    title: request.title,
    defaultPath: startFolder,
    filters: request.filters,
    properties: ['openFile', 'dontAddToRecent'],
  };
}

export function saveDialogOptions(request: DialogRequest, startFolder: string): SaveDialogOptions {
  return {
    title: request.title,
    defaultPath: request.defaultName === undefined ? startFolder : join(startFolder, request.defaultName),
    filters: request.filters,
    properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'],
  };
}

/** The chosen path, or null when the dialog was cancelled. */
export function chosenPath(result: { canceled: boolean; filePaths?: string[]; filePath?: string }): string | null {
  if (result.canceled) return null;
  const path = result.filePath ?? result.filePaths?.[0];
  return path === undefined || path === '' ? null : path;
}
