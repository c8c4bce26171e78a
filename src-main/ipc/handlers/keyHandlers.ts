// keys.*: remember, check and forget a workspace's passphrase in the OS key store. The
// Electron shell supplies the `PassphraseVault` (src-main/shell/keyStore.ts); browser mode
// has none, so remembering is refused with the reason and forgetting finds nothing.
import { AppError } from '../../../shared/errors.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

export const BROWSER_MODE_KEY_REASON =
  'Remembering a passphrase needs the desktop app: in browser mode there is no operating-system key store to keep it in.';

export function keyHandlers(services: MainServices): {
  'keys.status': Handler<'keys.status'>;
  'keys.remember': Handler<'keys.remember'>;
  'keys.forget': Handler<'keys.forget'>;
} {
  return {
    'keys.status': async (args) =>
      services.passphraseVault?.status(args.path) ?? {
        remembered: false,
        available: false,
        reason: BROWSER_MODE_KEY_REASON,
      },
    'keys.remember': async (args) => {
      if (services.passphraseVault === undefined) throw new AppError('FORBIDDEN', BROWSER_MODE_KEY_REASON);
      return services.passphraseVault.remember(args.path, args.passphrase);
    },
    'keys.forget': async (args) => ({ forgotten: (await services.passphraseVault?.forget(args.path)) ?? 0 }),
  };
}
