// The user guide never drifts from the product: every picture it shows exists, and was taken
// (by the newcomer end-to-end test, `npm run docs:screenshots`) from the current renderer code.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rendererFingerprint, SCREENSHOT_MANIFEST } from '../../../scripts/rendererFingerprint.ts';

const guide = readFileSync('docs/USER_GUIDE.md', 'utf8');
const pictures = [...guide.matchAll(/!\[[^\]]*\]\((images\/[^)]+)\)/g)].map((m) => m[1] ?? '');

describe('user guide screenshots', () => {
  it('shows pictures, and each one exists', () => {
    expect(pictures.length).toBeGreaterThanOrEqual(3);
    for (const picture of pictures) expect(existsSync(`docs/${picture}`), `docs/${picture}`).toBe(true);
  });

  it('were taken from the current renderer code (else run npm run docs:screenshots)', () => {
    const manifest = JSON.parse(readFileSync(SCREENSHOT_MANIFEST, 'utf8')) as {
      rendererFingerprint: string;
      images: string[];
    };
    expect(manifest.images.sort()).toEqual(expect.arrayContaining(pictures.map((p) => p.replace('images/', ''))));
    expect(
      manifest.rendererFingerprint,
      'Guide screenshots are older than the renderer code: run npm run docs:screenshots',
    ).toBe(rendererFingerprint());
  });
});
