// Compares the page as it stands under its own stylesheet with the same page under another
// (an earlier build's), without touching the DOM: every element's computed style, and the
// pixels of a screenshot. A refactor of the CSS that changes nothing shows no difference.
// A page still changing (a preview being drawn) is looked at again until it holds still.
// Run with the stylesheet the build itself made, it finds no style difference: the control.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const SWAPPED_ID = 'vso-compared-stylesheet';
const ATTEMPTS = 3;

interface Look {
  /** The body's markup: the two looks compare only when it is the same. */
  markup: string;
  styles: string[];
  pixels: Buffer;
}

/**
 * Every element of the body (the swapped sheet goes in the head) with its computed style, and a
 * screenshot. Drawings inside an SVG are left to the screenshot: charts and infographics hold
 * thousands of shapes the app's stylesheet does not reach one by one.
 */
async function look(page: Page): Promise<Look> {
  const { markup, styles } = await page.evaluate(() => ({
    markup: document.body.outerHTML,
    styles: Array.from(document.body.querySelectorAll('*:not(svg *)'), (element, index) => {
      const style = getComputedStyle(element);
      const values = Array.from(style, (property) => `${property}:${style.getPropertyValue(property)}`);
      return `${index} ${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''} ${values.join(';')}`;
    }),
  }));
  return {
    markup,
    styles,
    pixels: await page.screenshot({
      animations: 'disabled',
      caret: 'hide',
      // A restyle repaints a native select's antialiased corners a little differently at times,
      // whatever the CSS (seen comparing a build's stylesheet with itself): selects are masked
      // in the pictures, and their computed styles compared exactly like every other element's.
      mask: [page.locator('select')],
    }),
  };
}

/** Turns the app's own stylesheets off and the given CSS on, or back. */
async function useStylesheet(page: Page, css: string | null): Promise<void> {
  await page.evaluate(
    ({ id, text }) => {
      // The sheet objects, not the <link> elements: re-enabling a link would load it again, later.
      for (const sheet of Array.from(document.styleSheets))
        if (sheet.ownerNode instanceof HTMLLinkElement) sheet.disabled = text !== null;
      document.getElementById(id)?.remove();
      if (text === null) return;
      const style = document.createElement('style');
      style.id = id;
      style.textContent = text;
      document.head.append(style);
    },
    { id: SWAPPED_ID, text: css },
  );
}

/** How many pixels of two screenshots of one size differ, and the box around them (decoded in the page). */
async function differingPixels(page: Page, a: Buffer, b: Buffer): Promise<{ count: number; box: string }> {
  return page.evaluate(
    async ([first, second]) => {
      const pixels = async (base64: string): Promise<ImageData> => {
        const image = new Image();
        image.src = `data:image/png;base64,${base64}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d');
        if (context === null) throw new Error('no 2-D canvas');
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height);
      };
      const [x, y] = [await pixels(first), await pixels(second)];
      let count = 0;
      const box = [Infinity, Infinity, -1, -1];
      for (let i = 0; i < x.data.length; i += 4) {
        if (x.data[i] === y.data[i] && x.data[i + 1] === y.data[i + 1] && x.data[i + 2] === y.data[i + 2]) continue;
        count++;
        const p = i / 4;
        const [left, top] = [p % x.width, Math.floor(p / x.width)];
        box[0] = Math.min(box[0] as number, left);
        box[1] = Math.min(box[1] as number, top);
        box[2] = Math.max(box[2] as number, left);
        box[3] = Math.max(box[3] as number, top);
      }
      return { count, box: `x ${box[0]}-${box[2]}, y ${box[1]}-${box[3]}` };
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

/** The properties that differ between two computed-style lines of the same element. */
function differingProperties(a: string, b: string): string {
  const props = (line: string): Map<string, string> =>
    new Map(
      line
        .slice(line.indexOf(' ', line.indexOf(' ') + 1) + 1)
        .split(';')
        .map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)]),
    );
  const before = props(a);
  return [...props(b)]
    .filter(([key, value]) => before.get(key) !== value)
    .map(([key, value]) => `${key}: ${before.get(key) ?? '(none)'} -> ${value}`)
    .join('; ');
}

/** What looks different under another stylesheet: computed styles (exact), and pixels (a note). */
export interface StylesheetDifferences {
  /** The elements whose computed style differs (at most 20 named), or '' when none. */
  styles: string;
  /**
   * How many pixels differ and where, or '' when none; both screenshots are kept in the results
   * folder. A restyle repaints an antialiased rounded corner (a segmented control's, a select's)
   * a few pixels differently at times whatever the CSS, as the build's own stylesheet compared
   * with itself shows: so pixels are a note to look at, and computed styles are the test.
   */
  pixels: string;
}

export async function compareWithStylesheet(
  page: Page,
  stylesheetPath: string,
  screen: string,
  resultsDir: string,
): Promise<StylesheetDifferences> {
  const css = readFileSync(stylesheetPath, 'utf8');
  for (let attempt = 1; ; attempt++) {
    const before = await page.evaluate(() => document.body.outerHTML);
    await useStylesheet(page, css);
    let other: Look;
    try {
      other = await look(page);
    } finally {
      await useStylesheet(page, null);
    }
    // The own look follows a restyle too (the swap back), as the other look does.
    const own = await look(page);
    // The page changed meanwhile (a preview drawn, a count arrived): look again.
    const still = before === other.markup && before === own.markup;
    if (!still && attempt < ATTEMPTS) {
      await page.waitForTimeout(1000);
      continue;
    }
    const differing = own.styles
      .map((line, i) =>
        line === other.styles[i]
          ? ''
          : `  ${line.split(' ', 2).join(' ')}: ${differingProperties(line, other.styles[i] ?? '')}`,
      )
      .filter((line) => line !== '');
    const styleLines = [
      ...(still ? [] : [`the page kept changing over ${ATTEMPTS} looks`]),
      ...(differing.length > 0 ? [`${differing.length} elements styled differently`, ...differing.slice(0, 20)] : []),
    ];
    let pixels = '';
    if (!own.pixels.equals(other.pixels)) {
      const changed = await differingPixels(page, own.pixels, other.pixels);
      const name = screen.replace(/[^A-Za-z0-9]+/g, '-');
      writeFileSync(join(resultsDir, `css-compare-${name}-own.png`), own.pixels);
      writeFileSync(join(resultsDir, `css-compare-${name}-other.png`), other.pixels);
      pixels = `${screen}: ${changed.count} pixels differ within ${changed.box} (test-results/css-compare-${name}-*.png)`;
    }
    return { styles: styleLines.length === 0 ? '' : `${screen}:\n${styleLines.join('\n')}`, pixels };
  }
}
