// zxcvbn's word lists for one judgement in the main process, then let go. Imported as modules
// they stay for the life of the process: ~12 MB of strings (about a third of the main heap) that
// every full collection marks and compacts again, a 1M-row import's included, to judge a
// passphrase once per create or re-key. So they are required through a loader of their own and
// taken out of its cache after the judgement, and nothing here holds them.
import { createRequire } from 'node:module';
import type * as CommonLanguage from '@zxcvbn-ts/language-common';
import type * as EnglishLanguage from '@zxcvbn-ts/language-en';
import type { PassphraseDictionaries } from '../../shared/passphraseVerdict.ts';

/** `use` given the dictionaries, loaded afresh; afterwards no module cache holds them. */
export function withPassphraseDictionaries<T>(use: (dictionaries: PassphraseDictionaries) => T): T {
  // A loader per call: the one createRequire makes lists every module it loads as its child.
  const load = createRequire(import.meta.url);
  const cachedBefore = new Set(Object.keys(load.cache));
  try {
    const common = load('@zxcvbn-ts/language-common') as typeof CommonLanguage;
    const english = load('@zxcvbn-ts/language-en') as typeof EnglishLanguage;
    return use({
      translations: english.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...english.dictionary },
    });
  } finally {
    // Every module the load brought in: the lists' decompressor names them as its parent.
    for (const file of Object.keys(load.cache)) if (!cachedBefore.has(file)) delete load.cache[file];
  }
}
