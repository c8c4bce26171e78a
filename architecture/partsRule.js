// The ESLint rule that enforces architecture/parts.json: each file belongs to the part whose path
// is the longest prefix of its own, and may import only its own part, the parts it lists under
// "mayImport" and the packages no part keeps to itself. Imports are resolved to paths (not matched
// as text), so a folder name reused elsewhere cannot hide or fake a crossing; static, type-only,
// re-exported, dynamic and require() imports all count. A known violation that is being removed
// elsewhere is listed as [file, part or package] in a named group of the map's "knownViolations"
// and passes until the integrator deletes it there.
import path from 'node:path';

/** The part a repo-relative path belongs to: the longest part path that is a prefix of it. */
export function partOf(parts, relativePath) {
  let best = null;
  for (const part of parts)
    if (relativePath === part.path || relativePath.startsWith(`${part.path}/`))
      if (!best || part.path.length > best.path.length) best = part;
  return best;
}

/** The npm package a bare specifier names ("@scope/name/deep" -> "@scope/name"); null for node: builtins. */
export function packageOf(specifier) {
  if (specifier.startsWith('node:')) return null;
  const pieces = specifier.split('/');
  return specifier.startsWith('@') ? pieces.slice(0, 2).join('/') : pieces[0];
}

function toPosix(p) {
  return p.split(path.sep).join('/');
}

/**
 * Why `fromFile` (repo-relative) may not import `specifier`, or null when it may.
 * Exported so the tests can ask the map the same question the lint asks.
 */
export function forbiddenReason(map, root, fromFile, specifier) {
  const own = partOf(map.parts, fromFile);
  if (!own) return null;
  const known = (target) =>
    map.knownViolations.some((group) =>
      group.imports.some(([file, imports]) => file === fromFile && imports === target),
    );
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const bare = specifier.replace(/[?#].*$/, '');
    const absolute = path.resolve(root, path.dirname(fromFile), bare);
    const relative = toPosix(path.relative(root, absolute));
    if (relative.startsWith('..')) return null;
    const target = partOf(map.parts, relative);
    if (!target || target === own) return null;
    if (own.mayImport.includes('*') || own.mayImport.includes(target.path) || known(target.path)) return null;
    const allowed = own.mayImport.length === 0 ? 'nothing of ours outside it' : own.mayImport.join(', ');
    return `${own.path} may not import ${target.path} (it may import ${allowed}).`;
  }
  const name = packageOf(specifier);
  const rule = map.packages.find((p) => p.name === name);
  if (!rule || rule.onlyIn.includes(own.path) || known(name)) return null;
  return `${own.path} may not import ${name}: only ${rule.onlyIn.join(', ')} may (${rule.why}).`;
}

/** @type {import('eslint').Rule.RuleModule} */
export const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each part imports only what architecture/parts.json allows it.' },
    // The one option is the parts map itself (passed by eslint.config.js, or a changed copy by the tests).
    schema: false,
  },
  create(context) {
    const [map] = context.options;
    const root = map.root ?? context.cwd;
    const fromFile = toPosix(path.relative(root, context.filename));
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const reason = forbiddenReason(map, root, fromFile, source.value);
      if (reason) context.report({ node, message: `${reason} See architecture/parts.json.` });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
      TSImportType: (node) => check(node, node.source ?? node.argument?.literal ?? null),
      TSExternalModuleReference: (node) => check(node, node.expression),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        )
          check(node, node.arguments[0]);
      },
    };
  },
};

export const partsPlugin = { meta: { name: 'parts' }, rules: { 'allowed-imports': allowedImports } };
