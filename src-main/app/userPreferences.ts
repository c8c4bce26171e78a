// This user's preferences on this computer, not a workspace's: whether the guided start
// shows. Kept in the config folder beside the recent workspaces (no personal data), so a
// choice made in one window holds in the next, whichever browser profile browser mode opens.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { configDir } from './workspace/recentWorkspaces.ts';

const PreferencesFileSchema = z.object({ guidedStart: z.boolean() });
export type UserPreferencesValue = z.infer<typeof PreferencesFileSchema>;

const DEFAULTS: UserPreferencesValue = { guidedStart: true };

export class UserPreferences {
  constructor(private readonly file = join(configDir(), 'preferences.json')) {}

  get(): UserPreferencesValue {
    try {
      const parsed = PreferencesFileSchema.partial().safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? { ...DEFAULTS, ...parsed.data } : { ...DEFAULTS };
    } catch {
      // None saved yet (or unreadable): the defaults, and the next change writes the file afresh.
      return { ...DEFAULTS };
    }
  }

  set(change: Partial<UserPreferencesValue>): UserPreferencesValue {
    const next = { ...this.get(), ...change };
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(next, null, 2), { mode: 0o600 });
    renameSync(temp, this.file);
    return next;
  }
}
