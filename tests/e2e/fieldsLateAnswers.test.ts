// Fields main fills in, when its answer comes late, as on a loaded machine or a slow laptop: in
// a real Chromium against the real app, the bridge holds the answer until the analyst is in the
// field. An export's path: the late suggestion shows as the field's placeholder and leaves what
// the analyst types alone (filled in then, the typing was appended to it and the export went to
// a folder that does not exist); the file is written where the analyst said. Opened with nobody
// in the field, the form fills it as before. The workspace's contact: the field waits for the
// saved contact (typed into before it came, the typing was replaced by it). Explore's results
// say they are busy from the moment the view changes, not only once the query's pause is over,
// so a screen marked not busy shows the answer for what it shows.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFigure } from '../../src-main/store/figures.ts';
import { openWorkspaceFromStart, startApp, type RunningApp } from '../helpers/app.ts';
import { holdAnswers } from '../helpers/heldAnswers.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';

const FIGURE = 'Victims by sex';
const CONTACT = 'Community Safety Analysts, analysts@example.gov.uk';
let running: RunningApp;
let fixture: FixtureWorkspace;
let out: string;

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 300 }, seed: 5 });
  out = mkdtempSync(join(tmpdir(), 'vso-e2e-late-path-'));
  running = await startApp();
  const { page } = running;
  await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
  const query = {
    cohort: 'victims',
    filters: [],
    rows: ['sex'],
    cols: [],
    measure: 'records' as const,
    percent: 'none' as const,
    stats: false,
    disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false },
  };
  // A write of the test's own waits its turn in the app's write queue, as the app's do.
  await running.app.services.session.exclusive(async () => {
    const db = running.app.services.session.current().db;
    saveFigure(db, { name: FIGURE, title: FIGURE, notes: '', chart: 'table', query }, null, false);
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Report' }).click();
  await page.getByRole('button', { name: `Export ${FIGURE}` }).waitFor();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('an export path suggested late', () => {
  it('leaves the path the analyst types alone, and writes the file there', async () => {
    const { page } = running;
    const places = await holdAnswers(page, 'dialog.places');
    await page.getByRole('button', { name: `Export ${FIGURE}` }).click();
    const field = page.locator('#figure-export-path');
    await field.waitFor();
    await places.held();
    await field.focus();
    await places.stop();
    // The suggestion has been handled once it shows, in the field or as its placeholder.
    await expect
      .poll(async () => `${await field.inputValue()}|${(await field.getAttribute('placeholder')) ?? ''}`)
      .toContain(homedir());
    const target = join(out, 'victims-by-sex.xlsx');
    await field.pressSequentially(target);
    expect(await field.inputValue()).toBe(target);
    expect(await field.getAttribute('placeholder')).toMatch(/victims-by-sex-\d{4}-\d{2}-\d{2}\.xlsx$/);

    await page.getByRole('button', { name: 'Export XLSX' }).click();
    const written = page.getByTestId('export-written');
    await written.waitFor({ timeout: 60_000 });
    expect(await written.textContent()).toContain(target);
    expect(existsSync(target)).toBe(true);
    await page.getByRole('button', { name: 'Close the export form' }).click();
  });

  it('fills the path in when nobody is in the field', async () => {
    const { page } = running;
    await page.getByRole('button', { name: `Export ${FIGURE}` }).click();
    const field = page.locator('#figure-export-path');
    await expect.poll(() => field.inputValue()).toMatch(/victims-by-sex-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect((await field.inputValue()).startsWith(homedir())).toBe(true);
    await page.getByRole('button', { name: 'Close the export form' }).click();
  });
});

describe('the contact for published statistics, loaded late', () => {
  it('can be typed only once the saved contact is shown, and is saved as typed', async () => {
    const { page } = running;
    const contact = await holdAnswers(page, 'workspace.contact');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Start' }).click();
    const field = page.getByLabel('Team and email address');
    await field.waitFor();
    await contact.held();
    expect(await field.isEditable()).toBe(false);
    await contact.stop();
    await field.fill(CONTACT);
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByRole('status').filter({ hasText: 'Contact saved.' }).waitFor();
    expect(await pageApi(page, 'workspace.contact', {})).toEqual({ contact: CONTACT });
  });
});

describe('Explore’s results after a change', () => {
  it('are marked busy from the moment the view changes until its answer is shown', async () => {
    const { page } = running;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Explore' }).click();
    const results = page.locator('.explore-results');
    await expect.poll(() => results.getAttribute('aria-busy')).toBe('false');
    const measure = page.getByLabel('Measure');
    const before = await measure.inputValue();
    const next = before === 'records' ? 'persons' : 'records';
    // The change and the look in one task of the page: no timer of the screen can run between.
    const busyAtChange = await measure.evaluate((select, value) => {
      (select as HTMLSelectElement).value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return document.querySelector('.explore-results')?.getAttribute('aria-busy');
    }, next);
    expect(busyAtChange).toBe('true');
    await expect.poll(() => results.getAttribute('aria-busy')).toBe('false');
    expect(await measure.inputValue()).toBe(next);
  });
});
