// Browser mode: the handlers behind the loopback bridge, serving the built renderer.
// Used by `vso serve`, `npm start` where Electron cannot run, and the end-to-end tests.
import { createDispatcher } from './dispatcher.ts';
import { startBridge, type Bridge } from './bridgeServer.ts';
import { createHandlers } from './createHandlers.ts';
import type { FileRoots } from './fileBrowser.ts';
import { createMainServices, type MainServices } from './mainServices.ts';

export interface BrowserMode {
  bridge: Bridge;
  services: MainServices;
  close(): Promise<void>;
}

export async function startBrowserMode(options: {
  staticRoot?: string;
  port?: number;
  modeReason: string;
  /** What the in-app file chooser may list (tests); default the home folder and mounted drives. */
  fileRoots?: FileRoots;
}): Promise<BrowserMode> {
  const services = createMainServices({
    mode: 'browser',
    modeReason: options.modeReason,
    ...(options.fileRoots === undefined ? {} : { fileRoots: options.fileRoots }),
  });
  const dispatcher = createDispatcher(createHandlers(services), 'bridge');
  const bridge = await startBridge({
    dispatcher,
    ...(options.staticRoot === undefined ? {} : { staticRoot: options.staticRoot }),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  const unsubscribe = services.subscribe((event) => bridge.publish(event));
  return {
    bridge,
    services,
    async close() {
      unsubscribe();
      dispatcher.cancelAll();
      await bridge.close();
    },
  };
}
