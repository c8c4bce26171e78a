// The query workers collect a reload's garbage while idle: the runtime must let them.
import { describe, expect, it } from 'vitest';
import { collectWhenIdle } from '../../../src-main/engine/idleCollect.ts';

describe('collectWhenIdle', () => {
  it('runs a full collection once the current task is done', async () => {
    // Made in a function that returns only a weak reference: nothing else holds the object.
    const ref = ((): WeakRef<{ bytes: Uint8Array }> => new WeakRef({ bytes: new Uint8Array(1 << 20) }))();
    expect(collectWhenIdle()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ref.deref()).toBeUndefined();
  });
});
