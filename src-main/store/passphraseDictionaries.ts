// zxcvbn and its word lists for one judgement in the main process, then let go. Imported as
// modules they stay for the life of the process: ~12 MB of strings (about a third of the main
// heap) that every full collection marks and compacts again, a 1M-row import's included, to
// judge a passphrase once per create or re-key; and zxcvbn itself would load at every start of
// the CLI and the app, which most never judge one. So they are required through a loader of
// their own on first use and taken out of its cache after, and nothing here holds them.
import { createRequire } from 'node:module';
import type * as Core from '@zxcvbn-ts/core';
import type * as CommonLanguage from '@zxcvbn-ts/language-common';
import type * as EnglishLanguage from '@zxcvbn-ts/language-en';

/** A checker over the dictionaries, loaded afresh (indexing them takes about a second); afterwards no module cache holds them. */
export function freshPassphraseChecker(): Core.ZxcvbnFactory {
  // A loader per call: the one createRequire makes lists every module it loads as its child.
  const load = createRequire(import.meta.url);
  const cachedBefore = new Set(Object.keys(load.cache));
  try {
    // Its one CommonJS entry: what an import of the package loads too.
    const { ZxcvbnFactory } = load('@zxcvbn-ts/core') as typeof Core;
    const common = load('@zxcvbn-ts/language-common') as typeof CommonLanguage;
    const english = load('@zxcvbn-ts/language-en') as typeof EnglishLanguage;
    return new ZxcvbnFactory({
      translations: english.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...english.dictionary },
    });
  } finally {
    // Every module the load brought in: the lists' decompressor names them as its parent.
    for (const file of Object.keys(load.cache)) if (!cachedBefore.has(file)) delete load.cache[file];
  }
}
