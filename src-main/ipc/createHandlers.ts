// Every domain's handlers combined into the one map the dispatcher needs. A method
// declared in the contract without a handler here fails the type-check.
import type { Handler, Handlers } from './dispatcher.ts';
import type { MethodName } from '../../shared/contract/index.ts';
import type { MainServices } from './mainServices.ts';
import { appHandlers } from './handlers/appHandlers.ts';
import { dialogHandlers } from './handlers/dialogHandlers.ts';
import { keyHandlers } from './handlers/keyHandlers.ts';
import { workspaceHandlers } from './handlers/workspaceHandlers.ts';
import { dataHandlers } from './handlers/dataHandlers.ts';
import { analysisHandlers } from './handlers/analysisHandlers.ts';
import { outcomeHandlers } from './handlers/outcomeHandlers.ts';
import { reportHandlers } from './handlers/reportHandlers.ts';
import { lifecycleHandlers } from './handlers/lifecycleHandlers.ts';
import { sampleHandlers } from './handlers/sampleHandlers.ts';
import { geographyHandlers } from './handlers/geographyHandlers.ts';
import { disclosureHandlers } from './handlers/disclosureHandlers.ts';
import { populationHandlers } from './handlers/populationHandlers.ts';
import { releaseHandlers } from './handlers/releaseHandlers.ts';
import { screenStateHandlers } from './handlers/screenStateHandlers.ts';
import { settingsHandlers } from './handlers/settingsHandlers.ts';

/**
 * Methods that write to the open workspace on the main connection: each runs in the session's
 * write queue, so while an import holds its transaction in the store worker they wait for it
 * without blocking the main thread. (Exports write only their audit entries, queued in place,
 * so their rendering does not wait; imports and deletions queue through changeData.)
 */
export const WRITING_METHODS = [
  'screen.explore.set',
  'figures.save',
  'figures.delete',
  'infographics.save',
  'infographics.delete',
  'reports.save',
  'reports.delete',
  'workspace.setContact',
  'workspace.policy.set',
  'workspace.changePassphrase',
  'workspace.setIdleMinutes',
  'retention.set',
  'releases.start',
  'geography.import',
  'workspace.backup',
  'workspace.handover',
] as const satisfies readonly MethodName[];

export function createHandlers(services: MainServices): Handlers {
  const handlers = allHandlers(services);
  const { session } = services;
  for (const method of WRITING_METHODS) queue(handlers, method, session);
  return handlers;
}

function queue<M extends MethodName>(handlers: Handlers, method: M, session: MainServices['session']): void {
  const handler: Handler<M> = handlers[method];
  const queued: Handler<M> = (args, ctx) => session.exclusive(() => handler(args, ctx));
  handlers[method] = queued as Handlers[M];
}

function allHandlers(services: MainServices): Handlers {
  return {
    ...appHandlers(services),
    ...dialogHandlers(services),
    ...keyHandlers(services),
    ...workspaceHandlers(services),
    ...dataHandlers(services),
    ...analysisHandlers(services),
    ...outcomeHandlers(services),
    ...reportHandlers(services),
    ...lifecycleHandlers(services),
    ...sampleHandlers(services),
    ...geographyHandlers(services),
    ...disclosureHandlers(services),
    ...populationHandlers(services),
    ...releaseHandlers(services),
    ...screenStateHandlers(services),
    ...settingsHandlers(services),
  } satisfies Handlers;
}
