// A 52-bit hash of a row's stored values, to find exact duplicates among a million rows
// without keeping the rows: two independent 32-bit FNV-1a style lanes. A false match needs
// two rows colliding on 52 bits (about one chance in 10^4 at a million rows, per import).
import type { CellValue } from './validate.ts';

export function rowHash(values: readonly CellValue[]): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      a = Math.imul(a ^ 0xfe, 0x01000193);
      b = Math.imul(b ^ 0x3d, 0x5bd1e995);
    } else if (typeof v === 'number') {
      const x = v | 0;
      a = Math.imul(a ^ (x & 0xffff), 0x01000193);
      a = Math.imul(a ^ (x >>> 16), 0x01000193);
      b = Math.imul(b ^ x, 0x5bd1e995);
      b ^= b >>> 15;
    } else {
      for (let k = 0; k < v.length; k++) {
        const c = v.charCodeAt(k);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 13;
      }
    }
    a = Math.imul(a ^ 0x1f, 0x01000193);
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}
