// ESLint: the standard recommended configs of ESLint and typescript-eslint, React hooks,
// Prettier for formatting, and the parts map of the architecture (architecture/parts.json:
// which part may import which, and which packages only one part may use).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { partsPlugin } from './architecture/partsRule.js';

const root = path.dirname(fileURLToPath(import.meta.url));
/**
 * A rejection handler that does nothing, whatever it names its parameters: an arrow or function
 * whose body is `undefined`, `null`, `void …` or empty, or a function named for doing nothing (`noop`).
 */
const EMPTY_BODY = [
  "[body.type='Identifier'][body.name='undefined']",
  "[body.type='Literal'][body.raw='null']",
  "[body.type='UnaryExpression'][body.operator='void']",
  "[body.type='BlockStatement'][body.body.length=0]",
].join(', ');
const DOES_NOTHING = `:matches(:matches(ArrowFunctionExpression, FunctionExpression):matches(${EMPTY_BODY}), Identifier[name=/^(noop|ignore|ignored|nothing|doNothing|swallow)$/i])`;
const SWALLOWING_SELECTORS = [
  `CallExpression[callee.property.name='catch'] > ${DOES_NOTHING}.arguments`,
  `CallExpression[callee.property.name='then'] > ${DOES_NOTHING}.arguments:nth-child(2)`,
];
// `void p.then(f)` drops p's rejection (and f's) where nobody sees it. A data-layer action's
// `run()` (useAction) never rejects: it keeps the error for the screen to show.
const VOIDED_WITHOUT_CATCH = [
  `UnaryExpression[operator='void'] > CallExpression[callee.property.name='then'][arguments.length<2]:not([callee.object.callee.property.name='run'])`,
  `UnaryExpression[operator='void'] > CallExpression[callee.property.name='finally']`,
];
const partsMap = { ...JSON.parse(readFileSync(path.join(root, 'architecture/parts.json'), 'utf8')), root };

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'bench-results/**',
      'build/**/*.js',
      '.scratch*/**',
      '**/*.tmp.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The root named, so two lint setups in one process (the tests lint a temp copy) never guess it.
    languageOptions: { globals: { ...globals.node }, parserOptions: { tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    plugins: { parts: partsPlugin },
    rules: { 'parts/allowed-imports': ['error', partsMap] },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The renderer's data layer: only data/ (hooks and typed calls) and api/ speak to the client,
    // so every call has an owner that reports its errors.
    files: ['src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/data/**', 'src-renderer/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/client.ts', '**/api/client', '**/api/rpcClient.ts', '**/api/transports.ts'],
              message: 'Call the API through a hook or typed call in src-renderer/data/, which reports its errors.',
            },
          ],
        },
      ],
    },
  },
  {
    // No swallowed promise in the renderer: a rejection handler that does nothing hides the error
    // the analyst needed to see. Handle it (show it, fall back to something) or let it reach the caller.
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...SWALLOWING_SELECTORS.map((selector) => ({
          selector,
          message: 'A rejection handler that does nothing swallows the error: show it, or let it reach the caller.',
        })),
        ...VOIDED_WITHOUT_CATCH.map((selector) => ({
          selector,
          message:
            'A voided promise with no rejection handler drops its error: handle it (catch, or then’s second argument).',
        })),
      ],
    },
  },
  {
    // Components that read top to bottom: a longer one is cut into parts (steps, sections, a hook).
    files: ['src-renderer/**/*.tsx'],
    rules: { 'max-lines-per-function': ['error', { max: 200, skipBlankLines: true, skipComments: true }] },
  },
  prettier,
);
