// app.*: what the renderer asks first (name, version, and which transport it is on).
import { APP_NAME, APP_VERSION } from '../../appVersion.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

export function appHandlers(services: MainServices): {
  'app.info': Handler<'app.info'>;
  'app.ping': Handler<'app.ping'>;
} {
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
  };
}
