// No comment points to a document outside the repo: the design and facts notes the project
// began from, and the folder of shared files beside it, are not in a reader's clone, so what a
// comment needs from them lives in docs/ or in the code. Every Markdown file and every relative
// path a comment names must exist here. Comments are read by the TypeScript parser.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sourceFiles } from '../architecture/importGraph.ts';

const FOLDERS = ['shared', 'src-main', 'src-renderer', 'fixtures', 'tests', 'bench', 'scripts', 'bin', 'architecture'];
// The names are assembled, so this file does not itself name the notes it forbids.
const OUTSIDE_NOTES = ['DESIGN', 'FACTS', 'STYLE'].map((name) => `${name}.md`);
const OUTSIDE_DOCUMENTS = new RegExp(`\\b(${OUTSIDE_NOTES.map((n) => n.replace('.', '\\.')).join('|')})\\b|/work/`);
const RELATIVE_PATH = /(?<![\w/:])(\.\.?\/)+[\w.-]+(\/[\w.-]+)*/g;

/** Every comment of a source text, with its line. */
function commentsIn(file: string, text: string): Array<{ line: number; text: string }> {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const seen = new Map<number, string>();
  const collect = (ranges: readonly ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) seen.set(range.pos, text.slice(range.pos, range.end));
  };
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    node.forEachChild(visit);
  };
  visit(source);
  collect(ts.getLeadingCommentRanges(text, source.endOfFileToken.getFullStart()));
  return [...seen].map(([pos, comment]) => ({
    line: source.getLineAndCharacterOfPosition(pos).line + 1,
    text: comment,
  }));
}

const commentsOf = (file: string) => commentsIn(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));

const files = sourceFiles(FOLDERS.filter((f) => fs.existsSync(path.join(REPO_ROOT, f))));

/** The repo's Markdown files (repo-relative), outside installed and built folders. */
function markdownFiles(dir = ''): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) return ['node_modules', '.git', 'dist'].includes(entry.name) ? [] : markdownFiles(rel);
    return entry.name.endsWith('.md') ? [rel] : [];
  });
}
const markdownInRepo = markdownFiles();

describe('source comments', () => {
  it('are found by the parser, and only comments are (a check that can fail)', () => {
    const probe = `// see ${OUTSIDE_NOTES[0]}\nconst s = '${OUTSIDE_NOTES[1]} in a string';\n/* block: ../shared/x */\nexport const t = s; // tail\n`;
    const comments = commentsIn('probe.ts', probe);
    expect(comments.map((c) => c.line)).toEqual([1, 3, 4]);
    expect(comments.filter((c) => OUTSIDE_DOCUMENTS.test(c.text)).map((c) => c.line)).toEqual([1]);
    expect(comments.flatMap((c) => c.text.match(RELATIVE_PATH) ?? [])).toEqual(['../shared/x']);
  });

  it('point to no document outside the repo', () => {
    const outside = files.flatMap((file) =>
      commentsOf(file)
        .filter((c) => OUTSIDE_DOCUMENTS.test(c.text))
        .map((c) => `${file}:${c.line}: ${c.text.trim().split('\n')[0]}`),
    );
    expect(outside).toEqual([]);
  });

  it('nor does any other source text, such as the CLI help', () => {
    const self = path
      .relative(REPO_ROOT, import.meta.filename)
      .split(path.sep)
      .join('/');
    const named = files
      .filter((file) => file !== self)
      .filter((file) => OUTSIDE_DOCUMENTS.test(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')));
    expect(named).toEqual([]);
  });

  it('name only relative paths that exist in the repo', () => {
    const missing = files.flatMap((file) =>
      commentsOf(file).flatMap((c) =>
        (c.text.match(RELATIVE_PATH) ?? [])
          .filter((name) => {
            const target = path.resolve(REPO_ROOT, path.dirname(file), name.replace(/[.]$/, ''));
            return !target.startsWith(`${REPO_ROOT}${path.sep}`) || !fs.existsSync(target);
          })
          .map((name) => `${file}:${c.line}: ${name}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it('name only Markdown files that exist in the repo', () => {
    const missing = files.flatMap((file) =>
      commentsOf(file).flatMap((c) =>
        [...c.text.matchAll(/[\w./-]*\w\.md\b/g)]
          .map((m) => m[0])
          .filter(
            (name) => !markdownInRepo.some((md) => md === name || md.endsWith(`/${name.replace(/^(\.\.?\/)+/, '')}`)),
          )
          .map((name) => `${file}:${c.line}: ${name}`),
      ),
    );
    expect(missing).toEqual([]);
  });
});
