// app.*: what the renderer asks first (name, version, and which transport it is on), and
// this user's preferences on this computer.
import { APP_NAME, APP_VERSION } from '../../appVersion.ts';
import { UserPreferences } from '../../app/userPreferences.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

export function appHandlers(services: MainServices): {
  'app.info': Handler<'app.info'>;
  'app.ping': Handler<'app.ping'>;
  'app.preferences': Handler<'app.preferences'>;
  'app.setPreferences': Handler<'app.setPreferences'>;
} {
  const preferences = new UserPreferences();
  return {
    'app.info': async () => ({
      name: APP_NAME,
      version: APP_VERSION,
      mode: services.mode,
      modeReason: services.modeReason,
      platform: process.platform,
    }),
    'app.ping': async (args) => ({
      pong: true as const,
      ...(args.echo === undefined ? {} : { echo: args.echo }),
      at: new Date().toISOString(),
    }),
    'app.preferences': async () => preferences.get(),
    'app.setPreferences': async ({ guidedStart }) => preferences.set(guidedStart === undefined ? {} : { guidedStart }),
  };
}
