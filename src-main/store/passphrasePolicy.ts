// The passphrase rule of issue 3: at least 12 characters. Long passphrases are what protect
// the file; SQLCipher's PBKDF2 (256,000 rounds of HMAC-SHA512) only slows each guess down.
import { AppError } from '../../shared/errors.ts';

export const MIN_PASSPHRASE_LENGTH = 12;

export function assertStrongPassphrase(passphrase: string): void {
  // Count characters (code points), not UTF-16 units, so that "12 characters" means what it says.
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError(
      'WEAK_PASSPHRASE',
      `The passphrase is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters (a few unrelated words work well).`,
    );
  }
}
