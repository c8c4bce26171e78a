// `vso serve`: run the app in browser mode (the loopback bridge serving the renderer).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startBrowserMode } from '../../ipc/startBrowserMode.ts';
import { openSampleWorkspace } from '../../sample/openSample.ts';

/** The built renderer: `dist/renderer` at the package root, found from this file's place. */
export function defaultRendererRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    const candidate = join(dir, 'dist', 'renderer');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = dirname(dir);
  }
  return resolve('dist', 'renderer');
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app on 127.0.0.1 for a browser (browser mode); prints the URL to open')
    .option('--port <port>', 'port (default: a random free one)', (v) => Number(v))
    .option('--renderer <dir>', 'folder of the built renderer', defaultRendererRoot())
    .option('--sample', 'create a sample workspace of synthetic records and open it')
    .action(async (opts: { port?: number; renderer: string; sample?: boolean }) => {
      if (!existsSync(join(opts.renderer, 'index.html'))) {
        throw new Error(`No built renderer in ${opts.renderer}: run "npm run build" first.`);
      }
      const app = await startBrowserMode({
        staticRoot: opts.renderer,
        modeReason: 'started with vso serve',
        ...(opts.port === undefined ? {} : { port: opts.port }),
      });
      if (opts.sample) {
        const { summary, passphrase } = await openSampleWorkspace(app.services);
        process.stderr.write(
          `Sample workspace of synthetic records opened: ${summary.path}\nIts passphrase (shown once): ${passphrase}\nReal workspaces need their own passphrase.\n`,
        );
      }
      process.stdout.write(`${JSON.stringify({ url: app.bridge.url, appUrl: app.bridge.appUrl })}\n`);
      await new Promise<void>((resolvePromise) => {
        const stop = (): void => {
          void app.close().then(resolvePromise);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
