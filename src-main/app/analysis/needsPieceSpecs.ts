// The offenders tables the co-occurrence of needs is read from, listed up front so that the
// engine can count them all in one pass before the release resolves them one by one.
import type { QuerySpec } from '../../../shared/query.ts';
import { pieceSpec, type NeedField } from './needsCooccurrence.ts';

/** Per need, then per pair in the matrix's order, as the matrix asks for them. */
export function needsPieceSpecs(spec: QuerySpec, needs: readonly NeedField[]): QuerySpec[] {
  const pieces = needs.map((need) => pieceSpec(spec, need.field));
  for (let i = 0; i < needs.length; i++)
    for (let j = i + 1; j < needs.length; j++) pieces.push(pieceSpec(spec, needs[i]!.field, needs[j]!.field));
  return pieces;
}
