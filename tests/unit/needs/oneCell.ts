// The one cell of a one-cell persons table as the release records it: its value, printed as
// `shown` (the value itself unless rounded) or hidden as a primary suppression.
import type { PublishedTable } from '../../../shared/contract/release.ts';

export function oneCell(value: number, printed: boolean, shown: number = value): PublishedTable['cells'] {
  return [
    { key: {}, row: null, col: null, value, shown: printed ? shown : null, status: printed ? 'published' : 'primary' },
  ];
}
