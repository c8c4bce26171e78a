// axe-core run inside the page under test: the accessibility rules a screen-reader or
// keyboard user depends on (names, roles, contrast, landmarks, unique ids), as found in
// the rendered DOM of a real Chromium.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** CSS selectors of the offending elements, with a snippet of each. */
  nodes: string[];
}

/** Violations of impact serious or critical on the page as it stands. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  // The app's CSP allows no inline script tag; an evaluated script is the test's own, not the page's.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeRun> } }).axe;
    interface AxeRun {
      passes: unknown[];
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
      }>;
    }
    const run = await axe.run(document, { resultTypes: ['violations'] });
    // Rules that passed prove the rules ran on a rendered page, not on an empty one.
    if (run.passes.length === 0) throw new Error('axe-core checked nothing on this page.');
    return run.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map(
        (n) =>
          `${n.target.join(' ')}: ${n.html.slice(0, 160)}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)})` : ''}`,
      ),
    }));
  });
  return found.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

/** The findings as lines a person can act on. */
export function describeFindings(screen: string, findings: readonly AxeFinding[]): string {
  return findings
    .map((f) => `[${screen}] ${f.impact} ${f.rule}: ${f.help}\n${f.nodes.map((n) => `    ${n}`).join('\n')}`)
    .join('\n');
}
