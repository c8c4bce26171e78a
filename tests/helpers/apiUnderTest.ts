// The API as the renderer meets it, for tests: the real dispatcher and handlers over a real
// workspace session in a fresh temporary folder, with every result checked against the
// contract's schema.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { api } from '../../shared/contract/index.ts';
import { createDispatcher, type Dispatcher } from '../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../src-main/ipc/createHandlers.ts';
import { createMainServices, type MainServices } from '../../src-main/ipc/mainServices.ts';
import { RecentWorkspaces } from '../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../src-main/app/workspace/workspaceSession.ts';

export interface ApiUnderTest {
  /** The temporary folder (removed by `close`). */
  dir: string;
  services: MainServices;
  dispatcher: Dispatcher;
  /** `dispatcher.call`, and an assertion that the result matches the method's schema. */
  call: Dispatcher['call'];
  close(): Promise<void>;
}

export function apiUnderTest(prefix: string): ApiUnderTest {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
  const services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  const dispatcher = createDispatcher(createHandlers(services), 'test');
  const call: Dispatcher['call'] = async (method, args, ctx) => {
    const value = await dispatcher.call(method, args, ctx);
    expect(api[method].result.safeParse(value).success, `${method} result matches its schema`).toBe(true);
    return value;
  };
  return {
    dir,
    services,
    dispatcher,
    call,
    async close() {
      await services.shutdown?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
