// The cache behind needs together: a count that began before a reload and ends after it writes
// for an older version of the data; that write is dropped, and what the newer version holds stays.
import { describe, expect, it } from 'vitest';
import { VersionedCache } from '../../../src-main/app/analysis/versionedCache.ts';

describe('VersionedCache', () => {
  it('drops a write for an older version and keeps the newer entries', () => {
    const cache = new VersionedCache<number[]>(4);
    cache.set('a', 2, [1]);
    cache.set('b', 2, [2]);
    cache.set('late', 1, [99]);
    expect(cache.get('a', 2)).toEqual([1]);
    expect(cache.get('b', 2)).toEqual([2]);
    expect(cache.has('late', 1)).toBe(false);
    expect(cache.get('late', 2)).toBeUndefined();
  });

  it('empties for a newer version', () => {
    const cache = new VersionedCache<number[]>(4);
    cache.set('a', 1, [1]);
    cache.set('b', 2, [2]);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('a', 2)).toBeUndefined();
    expect(cache.get('b', 2)).toEqual([2]);
  });

  it('lets the least recently used entry leave when full, and hands out copies', () => {
    const cache = new VersionedCache<number[]>(2);
    cache.set('a', 1, [1]);
    cache.set('b', 1, [2]);
    cache.get('a', 1)?.push(5);
    cache.set('c', 1, [3]);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toEqual([1]);
    expect(cache.get('c', 1)).toEqual([3]);
  });
});
