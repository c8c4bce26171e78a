/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads its hooks and config as CommonJS. */
// The Electron fuses VSO Workbench ships with, in one place: build/afterPack.cjs flips them
// in the packaged binary and tests/unit/shell/packaging.test.ts checks them.
// - RunAsNode off: the binary cannot be used as a plain Node.js (ELECTRON_RUN_AS_NODE).
// - NODE_OPTIONS and --inspect arguments ignored: nothing can inject code at start-up.
// - The app loads only from its asar archive, whose integrity is checked (macOS, Windows).
// - Cookies encrypted at rest; file:// gets no extra privileges (the app uses app://).
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** @param {{ resetAdHocDarwinSignature?: boolean }} [options] */
function fuseConfig(options = {}) {
  return {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: options.resetAdHocDarwinSignature === true,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

module.exports = { fuseConfig };
