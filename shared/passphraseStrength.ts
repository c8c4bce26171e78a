// How strong a passphrase is, judged the same in the app as it is typed and in the store
// before a workspace is created or re-keyed: at least 12 characters, and a zxcvbn score of 3 or
// more (its estimate of guesses against common passwords, words, names, keyboard patterns,
// repeats and dates). Length alone let twelve spaces through. The reason given is zxcvbn's own
// warning and suggestions, so the analyst knows what to change.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

export const MIN_PASSPHRASE_LENGTH = 12;
/** zxcvbn's "safely unguessable": about 10^10 guesses or more. */
export const MIN_PASSPHRASE_SCORE = 3;

export interface PassphraseVerdict {
  ok: boolean;
  /** 0 (too guessable) to 4 (very unguessable); 0 for one that is too short. */
  score: number;
  /** Why it is refused (null when it is accepted). */
  reason: string | null;
  /** What would make it stronger (zxcvbn's suggestions). */
  suggestions: string[];
}

// The dictionaries take a second to index: once, on first use, where they are kept.
let checker: ZxcvbnFactory | null = null;
function zxcvbn(keep: boolean): ZxcvbnFactory {
  const factory =
    checker ??
    new ZxcvbnFactory({
      translations,
      graphs: adjacencyGraphs,
      dictionary: { ...commonDictionary, ...englishDictionary },
    });
  if (keep) checker = factory;
  return factory;
}

/**
 * Judges `passphrase`; `related` are words an attacker would try first (the workspace's file
 * name), which count as guessable. `keep: false` lets the indexed dictionaries go after this
 * check: the main process judges once per create or re-key, and kept there they are ~20 MB of
 * hash tables that every full collection of its heap traces again (about 100 ms longer a
 * pause, during a 1M-row import too). The screen judging each keystroke keeps them.
 */
export function judgePassphrase(
  passphrase: string,
  related: readonly string[] = [],
  options: { keep?: boolean } = {},
): PassphraseVerdict {
  // Characters (code points), not UTF-16 units, so that "12 characters" means what it says.
  const length = [...passphrase].length;
  if (length < MIN_PASSPHRASE_LENGTH) {
    return {
      ok: false,
      score: 0,
      reason: `it is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters (a few unrelated words work well).`,
      suggestions: [],
    };
  }
  const result = zxcvbn(options.keep ?? true).check(passphrase, [...related]);
  if (result.score >= MIN_PASSPHRASE_SCORE) {
    return { ok: true, score: result.score, reason: null, suggestions: result.feedback.suggestions };
  }
  const warning = result.feedback.warning;
  return {
    ok: false,
    score: result.score,
    reason: `it is too easy to guess${warning ? ` (${lowerFirst(warning.replace(/\.$/, ''))})` : ''}: add a few more unrelated words.`,
    suggestions: result.feedback.suggestions,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
