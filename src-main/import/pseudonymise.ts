// Direct identifiers to `person_key`: HMAC-SHA-256 under the workspace's secret, hex.
// The same person gets the same key in every extract and cohort of a workspace (so the
// victim-offender overlap can be counted) and a different key in another workspace; the
// key cannot be reversed without the secret, which never leaves the encrypted file.
// Raw identifiers live only in memory while a row is processed: they are never written.
import { createHmac } from 'node:crypto';

/** Which identifier makes the key, best first; then name with date of birth; name alone is only dropped. */
export const KEY_PRIORITY = ['person_ref', 'pnc_id', 'crn'] as const;

/** Identifier text compared without case, spaces or punctuation ("nm 012 345" = "NM012345"). */
export function normaliseIdentifier(raw: string): string {
  return raw.toUpperCase().replace(/[^0-9A-Z]+/g, '');
}

/** The token of an identifier already normalised (normaliseIdentifier), not blank. */
export function normalisedIdentifierToken(id: string): string {
  return `id:${id}`;
}

/** The token of one identifier value (what the key is computed from), or null when blank. */
export function identifierToken(raw: string): string | null {
  const id = normaliseIdentifier(raw);
  return id === '' ? null : normalisedIdentifierToken(id);
}

/** The token of a name and date of birth together (both needed). */
export function nameBirthToken(name: string, isoBirthDate: string | null): string | null {
  const n = normaliseIdentifier(name);
  return n === '' || !isoBirthDate ? null : `name+dob:${n}|${isoBirthDate}`;
}

export interface Pseudonymiser {
  /** The hex `person_key` of a token. */
  keyOf(token: string): string;
  /** The keys of several tokens, in order. */
  of(tokens: readonly string[]): string[];
}

export function createPseudonymiser(secret: Buffer): Pseudonymiser {
  if (secret.length < 32) throw new Error('the HMAC secret must be at least 32 bytes');
  const keyOf = (token: string): string => createHmac('sha256', secret).update(token, 'utf8').digest('hex');
  return { keyOf, of: (tokens) => tokens.map(keyOf) };
}
