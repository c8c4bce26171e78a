// The packaging configuration, checked without building an installer: it passes
// electron-builder's own schema, targets the three platforms, unpacks and rebuilds the
// native SQLCipher module, and its afterPack hook really flips the fuses in a binary.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

interface TargetSpec {
  target: string;
  arch?: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  afterPack: string;
  publish: null;
  linux: { target: string[]; executableName: string };
  win: { target: TargetSpec[] };
  mac: { target: TargetSpec[]; hardenedRuntime: boolean };
}
const config = require('../../../build/electron-builder.config.cjs') as BuilderConfig;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  productName: string;
  main: string;
  scripts: Record<string, string>;
};

type FuseWire = Record<string, number | string>;
const fuses = require('@electron/fuses') as {
  FuseV1Options: Record<string, number>;
  getCurrentFuseWire(path: string): Promise<FuseWire>;
};
const afterPack = require('../../../build/afterPack.cjs') as ((context: unknown) => Promise<void>) & {
  electronBinaryPath(context: unknown): string;
};

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, notAnOption: true }, new DebugLogger(false))).rejects.toThrow(
      /notAnOption/,
    );
  });

  it('builds AppImage and deb, NSIS, and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.productName).toBe(pkg.productName);
  });

  it('packs the built app into an asar, rebuilding and unpacking the native SQLCipher module', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack.some((glob) => glob.includes('node_modules/better-sqlite3-multiple-ciphers/'))).toBe(true);
    expect(pkg.main.startsWith('dist/main/')).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/**/*', 'dist/preload/**/*', 'dist/renderer/**/*']));
    expect(config.publish).toBeNull();
  });

  it('has the dist scripts, and the hook it names exists', () => {
    for (const script of ['dist:linux', 'dist:win', 'dist:mac']) {
      expect(pkg.scripts[script]).toContain('electron-builder --config build/electron-builder.config.cjs');
    }
    expect(existsSync(resolve(config.afterPack))).toBe(true);
  });
});

describe('afterPack: Electron fuses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vso-fuses-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in binary with Electron's fuse sentinel and a wire of `length` fuses, all as Electron ships them. */
  function fakeElectronBinary(path: string, length: number): void {
    const shipped = '1011000010'.slice(0, length); // RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, …
    const wire = Buffer.concat([
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
      Buffer.from([1, length]),
      Buffer.from(shipped, 'ascii'),
    ]);
    writeFileSync(path, Buffer.concat([Buffer.alloc(64, 0x90), wire, Buffer.alloc(64, 0x90)]));
  }

  const ON = '1'.charCodeAt(0);
  const OFF = '0'.charCodeAt(0);

  it('finds the binary where electron-builder puts it on each platform', () => {
    const packager = { appInfo: { productFilename: 'VSO Workbench' }, executableName: 'vso-workbench' };
    expect(afterPack.electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'linux', packager })).toBe(
      '/out/vso-workbench',
    );
    expect(afterPack.electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'win32', packager })).toBe(
      '/out/VSO Workbench.exe',
    );
    expect(afterPack.electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'darwin', packager })).toBe(
      '/out/VSO Workbench.app',
    );
  });

  it('turns RunAsNode, NODE_OPTIONS and --inspect off, asar integrity, asar-only and cookie encryption on', async () => {
    const binary = join(dir, config.linux.executableName);
    fakeElectronBinary(binary, 8);
    copyFileSync(binary, `${binary}.orig`);
    await afterPack({
      appOutDir: dir,
      electronPlatformName: 'linux',
      arch: 1,
      packager: { appInfo: { productFilename: 'VSO Workbench' }, executableName: config.linux.executableName },
    });
    const before = await fuses.getCurrentFuseWire(`${binary}.orig`);
    const after = await fuses.getCurrentFuseWire(binary);
    const o = fuses.FuseV1Options;
    expect(before[o.RunAsNode as number]).toBe(ON);
    expect(after[o.RunAsNode as number]).toBe(OFF);
    expect(after[o.EnableNodeOptionsEnvironmentVariable as number]).toBe(OFF);
    expect(after[o.EnableNodeCliInspectArguments as number]).toBe(OFF);
    expect(after[o.EnableEmbeddedAsarIntegrityValidation as number]).toBe(ON);
    expect(after[o.OnlyLoadAppFromAsar as number]).toBe(ON);
    expect(after[o.EnableCookieEncryption as number]).toBe(ON);
    expect(after[o.GrantFileProtocolExtraPrivileges as number]).toBe(OFF);
  });

  it('leaves fuses it does not know (newer Electron wires) as they were', async () => {
    const binary = join(dir, 'longer-wire');
    fakeElectronBinary(binary, 10);
    await afterPack({
      appOutDir: dir,
      electronPlatformName: 'linux',
      arch: 1,
      packager: { appInfo: { productFilename: 'x' }, executableName: 'longer-wire' },
    });
    const after = await fuses.getCurrentFuseWire(binary);
    expect(after[8]).toBe(ON);
    expect(after[9]).toBe(OFF);
    expect(after[fuses.FuseV1Options.RunAsNode as number]).toBe(OFF);
  });
});
