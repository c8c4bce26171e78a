/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads its hooks and config as CommonJS. */
// electron-builder `afterPack` hook: flips the Electron fuses (build/fuses.cjs) in the
// packaged binary. It runs after the app is copied and before code signing, as fuses must
// be set before the binary is signed.
const path = require('node:path');
const { flipFuses } = require('@electron/fuses');
const { fuseConfig } = require('./fuses.cjs');

/**
 * Where the Electron binary (or, on macOS, the .app bundle) is in the packed output.
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
    default:
      throw new Error(`afterPack: no fuse settings for platform "${electronPlatformName}"`);
  }
}

/** @param {Parameters<typeof electronBinaryPath>[0] & { arch: number }} context */
async function afterPack(context) {
  // electron-builder's Arch enum: arm64 is 3, universal 4. Apple Silicon binaries need their ad-hoc
  // signature renewed after the bytes change (a real signature replaces it later).
  const resetAdHocDarwinSignature =
    context.electronPlatformName === 'darwin' && (context.arch === 3 || context.arch === 4);
  await flipFuses(electronBinaryPath(context), fuseConfig({ resetAdHocDarwinSignature }));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.electronBinaryPath = electronBinaryPath;
