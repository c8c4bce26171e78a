// Name and version, read once from package.json at build time (Vite inlines the JSON).
import pkg from '../package.json' with { type: 'json' };

export const APP_NAME: string = pkg.productName;
export const APP_VERSION: string = pkg.version;
