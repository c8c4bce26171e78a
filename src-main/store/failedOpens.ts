// Failed opens (wrong passphrase) cannot be written into a file that could not be decrypted.
// They are counted in this process, per workspace path, and written to the audit log at the
// next successful open or unlock in the same process (the Start screen's retries, an unlock
// after idle lock). Nothing is written beside the workspace: a plaintext side list would itself
// be unauthenticated (anyone could edit or delete it) and would reveal when the file was used.
// Attempts from a process that never succeeds (a script guessing) are therefore not recorded.
export interface FailedOpens {
  attempts: number;
  firstAt: string;
  lastAt: string;
}

const pending = new Map<string, FailedOpens>();

export function recordFailedOpen(path: string, at = new Date().toISOString()): void {
  const current = pending.get(path);
  pending.set(
    path,
    current ? { ...current, attempts: current.attempts + 1, lastAt: at } : { attempts: 1, firstAt: at, lastAt: at },
  );
}

/** The attempts since the last successful open, cleared as they are handed over. */
export function takeFailedOpens(path: string): FailedOpens | undefined {
  const current = pending.get(path);
  pending.delete(path);
  return current;
}
