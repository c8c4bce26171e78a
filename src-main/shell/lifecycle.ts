// Closing cleanly: the first `before-quit` is held back while in-flight work is cancelled
// and the workspace is closed (an import finished or rolled back, the key dropped), then the
// app quits for real. A slow or failing shutdown cannot keep the app open: after the time
// limit it quits anyway, because SQLite's journal makes an interrupted close safe.
interface Preventable {
  preventDefault(): void;
}

export interface QuitDependencies {
  cancelAll(): void;
  shutdown?: () => Promise<void>;
  /** Called once when the shutdown finished (or timed out): quits for real. */
  quit(): void;
  timeoutMs?: number;
  log?(message: string): void;
}

export const SHUTDOWN_TIMEOUT_MS = 10_000;

export function createQuitCoordinator(deps: QuitDependencies): {
  onBeforeQuit(event: Preventable): void;
  readonly state: 'running' | 'closing' | 'closed';
} {
  let state: 'running' | 'closing' | 'closed' = 'running';
  const log = deps.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  async function closeWorkspace(): Promise<void> {
    deps.cancelAll();
    if (deps.shutdown === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), deps.timeoutMs ?? SHUTDOWN_TIMEOUT_MS);
    });
    try {
      const outcome = await Promise.race([deps.shutdown().then(() => 'done' as const), limit]);
      if (outcome === 'timeout') log('VSO Workbench: closing the workspace took too long; quitting anyway.');
    } catch (error) {
      log(`VSO Workbench: closing the workspace failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    get state() {
      return state;
    },
    onBeforeQuit(event) {
      if (state === 'closed') return;
      event.preventDefault();
      if (state === 'closing') return;
      state = 'closing';
      void closeWorkspace().finally(() => {
        state = 'closed';
        deps.quit();
      });
    },
  };
}
