// Every domain's handlers combined into the one map the dispatcher needs. A method
// declared in the contract without a handler here fails the type-check.
import type { Handlers } from './dispatcher.ts';
import type { MainServices } from './mainServices.ts';
import { appHandlers } from './handlers/appHandlers.ts';
import { dialogHandlers } from './handlers/dialogHandlers.ts';
import { keyHandlers } from './handlers/keyHandlers.ts';
import { workspaceHandlers } from './handlers/workspaceHandlers.ts';
import { dataHandlers } from './handlers/dataHandlers.ts';
import { analysisHandlers } from './handlers/analysisHandlers.ts';
import { reportHandlers } from './handlers/reportHandlers.ts';
import { lifecycleHandlers } from './handlers/lifecycleHandlers.ts';
import { sampleHandlers } from './handlers/sampleHandlers.ts';
import { geographyHandlers } from './handlers/geographyHandlers.ts';
import { disclosureHandlers } from './handlers/disclosureHandlers.ts';
import { populationHandlers } from './handlers/populationHandlers.ts';
import { releaseHandlers } from './handlers/releaseHandlers.ts';
import { screenStateHandlers } from './handlers/screenStateHandlers.ts';
import { settingsHandlers } from './handlers/settingsHandlers.ts';

export function createHandlers(services: MainServices): Handlers {
  return {
    ...appHandlers(services),
    ...dialogHandlers(services),
    ...keyHandlers(services),
    ...workspaceHandlers(services),
    ...dataHandlers(services),
    ...analysisHandlers(services),
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
