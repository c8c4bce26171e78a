// Builds the main process, the preload and the renderer from electron.config.ts.
import { existsSync } from 'node:fs';
import { build } from 'vite';
import config, { mainEntries } from '../electron.config.ts';
import { stampMainBuild } from './mainBuildStamp.ts';

const only = process.argv[2];
const missing = Object.entries(mainEntries).filter(([, file]) => !existsSync(file));
if (missing.length > 0) {
  throw new Error(`Missing main-process entries: ${missing.map(([name, file]) => `${name} (${file})`).join(', ')}`);
}
const steps = { main: config.main, preload: config.preload, renderer: config.renderer } as const;
for (const [name, stepConfig] of Object.entries(steps)) {
  if (only !== undefined && only !== name) continue;
  const started = Date.now();
  await build(stepConfig);
  if (name === 'main') stampMainBuild();
  process.stdout.write(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
