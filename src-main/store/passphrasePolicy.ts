// The passphrase rule (issue 3), applied before a workspace is created or re-keyed: long and
// hard to guess, judged by shared/passphraseVerdict.ts as the app judges it while it is typed.
// Long passphrases are what protect the file; SQLCipher's PBKDF2 (256,000 rounds of
// HMAC-SHA512) only slows each guess down.
import { judgePassphraseWith, MIN_PASSPHRASE_LENGTH } from '../../shared/passphraseVerdict.ts';
import { AppError } from '../../shared/errors.ts';
import { freshPassphraseChecker } from './passphraseDictionaries.ts';

export { MIN_PASSPHRASE_LENGTH };

/** Throws WEAK_PASSPHRASE saying why; `related` are words an attacker would try (the file's name). */
export function assertStrongPassphrase(passphrase: string, related: readonly string[] = []): void {
  // Judged once per create or re-key: neither zxcvbn, its word lists nor their index stay on this heap.
  const verdict = judgePassphraseWith(freshPassphraseChecker, passphrase, related);
  if (!verdict.ok) {
    throw new AppError('WEAK_PASSPHRASE', `The passphrase is not strong enough: ${verdict.reason}`);
  }
}
