// The passphrase rule, judged the same in the app as it is typed and in the store before a
// workspace is created or re-keyed: at least 12 characters, and a zxcvbn score of 3 or more (its
// estimate of guesses against common passwords, words, names, keyboard patterns, repeats and
// dates). Length alone let twelve spaces through. The reason given is zxcvbn's own warning and
// suggestions, so the analyst knows what to change. Where zxcvbn and its dictionaries come
// from, and how long they stay, is the caller's: the screen keeps them, the main process loads
// them for the one judgement (so none of zxcvbn loads with this rule).
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

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

/**
 * Judges `passphrase`; `related` are words an attacker would try first (the workspace's file
 * name), which count as guessable. `checker` is asked for only when the length passes.
 */
export function judgePassphraseWith(
  checker: () => ZxcvbnFactory,
  passphrase: string,
  related: readonly string[] = [],
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
  const result = checker().check(passphrase, [...related]);
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
