// The passphrase screen's judge: the rule of shared/passphraseVerdict.ts over zxcvbn's
// dictionaries, imported with this module (the renderer loads it on first use) and indexed once,
// then kept, since the screen judges every keystroke. The main process judges through
// src-main/store/passphraseDictionaries.ts instead, which does not keep them.
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { judgePassphraseWith, type PassphraseVerdict } from './passphraseVerdict.ts';

export { MIN_PASSPHRASE_LENGTH, MIN_PASSPHRASE_SCORE, type PassphraseVerdict } from './passphraseVerdict.ts';

let checker: ZxcvbnFactory | null = null;
const keptChecker = (): ZxcvbnFactory =>
  // Indexing the dictionaries takes about a second.
  (checker ??= new ZxcvbnFactory({
    translations,
    graphs: adjacencyGraphs,
    dictionary: { ...commonDictionary, ...englishDictionary },
  }));

/** Judges `passphrase` (see judgePassphraseWith), the indexed dictionaries kept for the next. */
export function judgePassphrase(passphrase: string, related: readonly string[] = []): PassphraseVerdict {
  return judgePassphraseWith(keptChecker, passphrase, related);
}
