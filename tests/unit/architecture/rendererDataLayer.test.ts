// The renderer's data layer kept by lint: a component that imports the API client, or grows a
// function past 200 lines, is refused; the same code inside data/ passes. Linted with the
// repo's own config through ESLint's Node API, on planted text (no file written).
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './importGraph.ts';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function ruleIds(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(REPO_ROOT, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const CALLS_CLIENT = (specifier: string): string =>
  `import { apiClient } from '${specifier}';\nexport const load = () => apiClient().call('workspace.status', {});\n`;

/** A component of `lines` JSX lines, each its own statement-free line. */
function componentOf(lines: number): string {
  const rows = Array.from({ length: lines }, (_, i) => `      <p>line ${i}</p>`).join('\n');
  return `export function Planted() {\n  return (\n    <div>\n${rows}\n    </div>\n  );\n}\n`;
}

describe('the renderer data layer guard', () => {
  it('refuses the API client in a component and in app state', async () => {
    expect(await ruleIds('src-renderer/components/data/Planted.tsx', CALLS_CLIENT('../../api/client.ts'))).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src-renderer/state/planted.ts', CALLS_CLIENT('../api/client.ts'))).toContain(
      'no-restricted-imports',
    );
  });

  it('allows it in data/', async () => {
    expect(await ruleIds('src-renderer/data/planted.ts', CALLS_CLIENT('../api/client.ts'))).toEqual([]);
  });

  it('refuses a component function over 200 lines, and passes one under', async () => {
    expect(await ruleIds('src-renderer/components/data/Planted.tsx', componentOf(210))).toContain(
      'max-lines-per-function',
    );
    expect(await ruleIds('src-renderer/components/data/Planted.tsx', componentOf(150))).toEqual([]);
  });
});
