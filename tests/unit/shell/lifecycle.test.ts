// Quitting: in-flight work is cancelled and the workspace closed before the app exits, once.
import { describe, expect, it } from 'vitest';
import { createQuitCoordinator } from '../../../src-main/shell/lifecycle.ts';

function quitEvent(): { preventDefault(): void; prevented: boolean } {
  const event = {
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

function waitFor(check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (check()) resolve();
      else if (Date.now() - started > 2000) reject(new Error('timed out'));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

describe('createQuitCoordinator', () => {
  it('holds the quit, cancels work, closes the workspace, then quits for real', async () => {
    const steps: string[] = [];
    let finishShutdown: () => void = () => undefined;
    const coordinator = createQuitCoordinator({
      cancelAll: () => steps.push('cancel'),
      shutdown: () =>
        new Promise<void>((resolve) => {
          steps.push('shutdown');
          finishShutdown = () => {
            steps.push('closed');
            resolve();
          };
        }),
      quit: () => steps.push('quit'),
    });
    const first = quitEvent();
    coordinator.onBeforeQuit(first);
    expect(first.prevented).toBe(true);
    expect(coordinator.state).toBe('closing');
    const second = quitEvent();
    coordinator.onBeforeQuit(second);
    expect(second.prevented).toBe(true);
    expect(steps).toEqual(['cancel', 'shutdown']);
    finishShutdown();
    await waitFor(() => steps.includes('quit'));
    expect(steps).toEqual(['cancel', 'shutdown', 'closed', 'quit']);
    const last = quitEvent();
    coordinator.onBeforeQuit(last);
    expect(last.prevented).toBe(false);
  });

  it('quits anyway when the shutdown fails or hangs', async () => {
    const logs: string[] = [];
    let quits = 0;
    const failing = createQuitCoordinator({
      cancelAll: () => undefined,
      shutdown: async () => Promise.reject(new Error('disk gone')),
      quit: () => quits++,
      log: (m) => logs.push(m),
    });
    failing.onBeforeQuit(quitEvent());
    await waitFor(() => quits === 1);
    expect(logs.join()).toContain('disk gone');
    const hanging = createQuitCoordinator({
      cancelAll: () => undefined,
      shutdown: () => new Promise(() => undefined),
      quit: () => quits++,
      timeoutMs: 20,
      log: (m) => logs.push(m),
    });
    hanging.onBeforeQuit(quitEvent());
    await waitFor(() => quits === 2);
    expect(logs.join()).toContain('took too long');
  });
});
