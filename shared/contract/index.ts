// The whole API: every domain's methods in one map. Transports, the dispatcher and the
// renderer's client are generic over `Api`, so a renamed method breaks the build.
import type { z } from 'zod';
import { appMethods } from './app.ts';
import { dialogMethods } from './dialog.ts';
import { keyMethods } from './keys.ts';
import { workspaceMethods } from './workspace.ts';
import { dataMethods } from './data.ts';
import { engineMethods } from './engine.ts';
import { outcomeMethods } from './outcomes.ts';
import { figureMethods } from './figures.ts';
import { reportMethods } from './report.ts';
import { lifecycleMethods } from './lifecycle.ts';
import { sampleMethods } from './sample.ts';
import { geographyMethods } from './geography.ts';
import { adviceMethods, disclosureMethods } from './disclosure.ts';
import { populationMethods } from './population.ts';
import { releaseMethods } from './release.ts';
import { screenStateMethods } from './screenState.ts';
import { settingsMethods } from './settings.ts';

export const api = {
  ...appMethods,
  ...dialogMethods,
  ...keyMethods,
  ...workspaceMethods,
  ...dataMethods,
  ...engineMethods,
  ...outcomeMethods,
  ...figureMethods,
  ...reportMethods,
  ...lifecycleMethods,
  ...sampleMethods,
  ...geographyMethods,
  ...disclosureMethods,
  ...adviceMethods,
  ...populationMethods,
  ...releaseMethods,
  ...screenStateMethods,
  ...settingsMethods,
} as const;

export type Api = typeof api;
export type MethodName = keyof Api & string;
export type ArgsOf<M extends MethodName> = z.input<Api[M]['args']>;
export type ParsedArgsOf<M extends MethodName> = z.output<Api[M]['args']>;
export type ResultOf<M extends MethodName> = z.output<Api[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

export * from './define.ts';
export * from './app.ts';
export * from './dialog.ts';
export * from './keys.ts';
export * from './workspace.ts';
export * from './data.ts';
export * from './engine.ts';
export * from './outcomes.ts';
export * from './figures.ts';
export * from './report.ts';
export * from './lifecycle.ts';
export * from './sample.ts';
export * from './geography.ts';
export * from './disclosure.ts';
export * from './release.ts';
export * from './screenState.ts';
export * from './settings.ts';
