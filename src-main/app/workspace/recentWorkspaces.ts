// Recently opened workspaces: paths and times only (never a passphrase or any data),
// in the user's config folder, so the Start screen can offer them again.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const MAX_RECENT = 10;
const FileSchema = z.object({ items: z.array(z.object({ path: z.string(), lastOpenedAt: z.string() })) });

export function configDir(): string {
  const override = process.env.VSO_CONFIG_DIR;
  if (override !== undefined && override !== '') return override;
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'VSO Workbench');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'VSO Workbench');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'vso-workbench');
}

export interface RecentWorkspace {
  path: string;
  lastOpenedAt: string;
  exists: boolean;
}

export class RecentWorkspaces {
  constructor(private readonly file = join(configDir(), 'recent-workspaces.json')) {}

  list(): RecentWorkspace[] {
    return this.read().map((item) => ({ ...item, exists: existsSync(item.path) }));
  }

  remember(path: string, at = new Date()): void {
    const items = [{ path, lastOpenedAt: at.toISOString() }, ...this.read().filter((i) => i.path !== path)];
    this.write(items.slice(0, MAX_RECENT));
  }

  forget(path: string): void {
    this.write(this.read().filter((i) => i.path !== path));
  }

  private read(): Array<{ path: string; lastOpenedAt: string }> {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data.items : [];
    } catch {
      return [];
    }
  }

  private write(items: Array<{ path: string; lastOpenedAt: string }>): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify({ items }, null, 2), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}
