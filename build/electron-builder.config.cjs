// electron-builder configuration: installers for Linux (AppImage, deb), Windows (NSIS) and
// macOS (dmg). Run through the `dist:*` scripts of package.json on a machine with internet
// access (README, "Building installers"); tests/unit/shell/packaging.test.ts checks it here.
// - The SQLCipher module is native: rebuilt against Electron's Node ABI (npmRebuild, which
//   uses @electron/rebuild) and unpacked from the asar so the operating system can load it.
//   resvg (figure export) is a prebuilt N-API module per platform: unpacked, not rebuilt.
// - Fuses are flipped by build/afterPack.cjs (build/fuses.cjs), before signing.
// - Nothing is published anywhere: `publish: null`.

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'uk.org.vso-workbench.app',
  productName: 'VSO Workbench',
  copyright: 'VSO Workbench contributors',
  directories: { output: 'release', buildResources: 'build' },
  files: ['package.json', 'dist/main/**/*', 'dist/preload/**/*', 'dist/renderer/**/*', '!**/*.map'],
  extraResources: [{ from: 'shared/geo/SOURCE.md', to: 'licences/district-boundaries.md' }],
  asar: true,
  asarUnpack: ['node_modules/better-sqlite3-multiple-ciphers/**/*', 'node_modules/@resvg/**/*'],
  npmRebuild: true,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  afterPack: 'build/afterPack.cjs',
  publish: null,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    executableName: 'vso-workbench',
    synopsis: 'Offline, encrypted analyst workbench',
    description: 'An offline, encrypted analyst workbench for the Victims, Suspects and Offenders Needs Assessment.',
  },
  deb: {
    // Remembering passphrases needs a keyring (libsecret); without one the app refuses to remember them.
    recommends: ['gnome-keyring'],
  },
  win: { target: [{ target: 'nsis', arch: ['x64'] }] },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    deleteAppDataOnUninstall: false,
  },
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
  },
  dmg: { sign: false },
};

module.exports = config;
