// Remembers the main window's size and position between runs (a small JSON file in the
// user-data folder) and puts it back only where it is still visible: a window saved on a
// monitor that has since been unplugged comes back centred on the primary one. Pure apart
// from the file reads and writes, so it is tested in plain Node.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_BOUNDS, MIN_SIZE, type WindowBounds } from './windowOptions.ts';

export const WINDOW_STATE_FILE = 'window-state.json';

const int = z.number().int().min(-100_000).max(100_000);
const WindowStateSchema = z.object({
  version: z.literal(1),
  bounds: z.object({ x: int, y: int, width: int.min(1), height: int.min(1) }),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** What the shell knows of a display: its work area (the screen minus task bars and docks). */
export interface DisplayArea {
  workArea: Rectangle;
}

/** How much of the window must lie on a display for the saved position to be kept. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;

export function windowStatePath(userDataDir: string): string {
  return join(userDataDir, WINDOW_STATE_FILE);
}

/** The saved state, or null when there is none or it is unreadable (never an error: a fresh start). */
export async function loadWindowState(file: string): Promise<WindowState | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the state atomically (temporary file, then rename), so a crash never leaves half a file. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(WindowStateSchema.parse(state))}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function clampSize(size: { width: number; height: number }, area: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(Math.min(MIN_SIZE.width, area.width), Math.min(size.width, area.width)),
    height: Math.max(Math.min(MIN_SIZE.height, area.height), Math.min(size.height, area.height)),
  };
}

/**
 * Where to open the window. The saved bounds are kept when enough of them lies on some
 * display, shrunk to fit that display and moved inside it; otherwise the window opens
 * centred (no x/y) on the primary display at the saved size, shrunk to fit.
 * `displays[0]` is the primary display.
 */
export function clampToDisplays(state: WindowState | null, displays: readonly DisplayArea[]): WindowBounds {
  const primary = displays[0]?.workArea;
  if (state === null) return primary === undefined ? { ...DEFAULT_BOUNDS } : clampSize(DEFAULT_BOUNDS, primary);
  const saved = state.bounds;
  let best: { area: Rectangle; visible: number } | null = null;
  for (const { workArea } of displays) {
    const seen = overlap(saved, workArea);
    if (seen.width < MIN_VISIBLE.width || seen.height < MIN_VISIBLE.height) continue;
    const visible = seen.width * seen.height;
    if (best === null || visible > best.visible) best = { area: workArea, visible };
  }
  if (best === null) return primary === undefined ? clampSize(saved, saved) : clampSize(saved, primary);
  const area = best.area;
  const size = clampSize(saved, area);
  return {
    ...size,
    x: Math.min(Math.max(saved.x, area.x), area.x + area.width - size.width),
    y: Math.min(Math.max(saved.y, area.y), area.y + area.height - size.height),
  };
}
