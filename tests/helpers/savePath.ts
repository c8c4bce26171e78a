// Types a path into a save-path field (SavePathField) once its suggestion has landed. The field
// fills itself with a suggested path when main answers where home is; a fill that selects the
// empty field just before React commits the suggestion types after it instead of over it (seen
// on a loaded machine: "/root/victims-records.xlsx/tmp/…/records.xlsx"). Waits for the
// suggestion, fills, and checks the field holds exactly the path.
import { expect } from 'vitest';
import type { Locator } from 'playwright-core';

export async function fillSavePath(field: Locator, path: string): Promise<void> {
  await expect.poll(() => field.inputValue()).not.toBe('');
  await field.fill(path);
  await expect.poll(() => field.inputValue()).toBe(path);
}
