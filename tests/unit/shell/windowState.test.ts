// The window comes back where it was, unless that place is no longer on any screen.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, MIN_SIZE } from '../../../src-main/shell/windowOptions.ts';
import {
  clampToDisplays,
  loadWindowState,
  saveWindowState,
  windowStatePath,
  type WindowState,
} from '../../../src-main/shell/windowState.ts';

const laptop = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const rightMonitor = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const state = (x: number, y: number, width: number, height: number, maximized = false): WindowState => ({
  version: 1,
  bounds: { x, y, width, height },
  maximized,
});

describe('clampToDisplays', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(clampToDisplays(null, [laptop])).toEqual({ width: DEFAULT_BOUNDS.width, height: DEFAULT_BOUNDS.height });
  });

  it('keeps a position that is on a screen', () => {
    expect(clampToDisplays(state(100, 80, 1200, 800), [laptop])).toEqual({ x: 100, y: 80, width: 1200, height: 800 });
    expect(clampToDisplays(state(2100, 100, 1500, 900), [laptop, rightMonitor])).toEqual({
      x: 2100,
      y: 100,
      width: 1500,
      height: 900,
    });
  });

  it('centres on the primary screen when the saved screen is gone', () => {
    expect(clampToDisplays(state(2100, 100, 1500, 900), [laptop])).toEqual({ width: 1500, height: 900 });
  });

  it('pulls a window that hangs off the edge back inside, and shrinks one larger than the screen', () => {
    expect(clampToDisplays(state(1700, 900, 1200, 800), [laptop])).toEqual({
      x: 720,
      y: 240,
      width: 1200,
      height: 800,
    });
    expect(clampToDisplays(state(-50, -30, 4000, 3000), [laptop])).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('ignores a sliver that is barely visible', () => {
    expect(clampToDisplays(state(1900, 100, 1200, 800), [laptop])).toEqual({ width: 1200, height: 800 });
  });

  it('never goes below the minimum size a screen allows', () => {
    expect(clampToDisplays(state(10, 10, 200, 100), [laptop])).toMatchObject({
      width: MIN_SIZE.width,
      height: MIN_SIZE.height,
    });
  });
});

describe('loadWindowState / saveWindowState', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vso-window-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through a JSON file in the user-data folder', async () => {
    const file = windowStatePath(dir);
    await saveWindowState(file, state(10, 20, 1300, 850, true));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state(10, 20, 1300, 850, true));
    expect(await loadWindowState(file)).toEqual(state(10, 20, 1300, 850, true));
  });

  it('treats a missing, damaged or foreign file as no state', async () => {
    const file = windowStatePath(dir);
    expect(await loadWindowState(file)).toBeNull();
    writeFileSync(file, '{"version":1,"bounds":');
    expect(await loadWindowState(file)).toBeNull();
    writeFileSync(
      file,
      JSON.stringify({ version: 2, bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false }),
    );
    expect(await loadWindowState(file)).toBeNull();
    writeFileSync(
      file,
      JSON.stringify({ version: 1, bounds: { x: 0, y: 0, width: 1e9, height: 10 }, maximized: false }),
    );
    expect(await loadWindowState(file)).toBeNull();
  });
});
