// A model's nodes as small integers per field: what each covers on a field (one category, a set
// of them, or every one) numbered once, so the node with one field narrowed is found by
// replacing one number, where building its id string and looking it up cost microseconds each
// (a persons table's complete splits ask for tens of thousands).

/** What a node of a model covers: per field one category (key) or a set of them (scope). */
interface Cover {
  key: Readonly<Record<string, string>>;
  scope: Readonly<Record<string, readonly string[]>>;
}

/** Code of a field a node leaves free (covers every category). */
const FREE = 0;

export class CoverCodes {
  /** Per node, per field (in `fields` order), the code of its cover. */
  private readonly codes: Int32Array;
  /** The same, for the cover taken as an atom to narrow to (one category is a key, never a set of one). */
  private readonly atomCodes: Int32Array;
  private readonly byCodes = new Map<string, number>();

  constructor(
    nodes: readonly Cover[],
    private readonly fields: readonly string[],
  ) {
    const numbering = fields.map(() => new Map<string, number>());
    const codeOf = (at: number, cover: string | null): number => {
      if (cover === null) return FREE;
      const seen = numbering[at]!;
      const code = seen.get(cover) ?? seen.size + 1;
      seen.set(cover, code);
      return code;
    };
    this.codes = new Int32Array(nodes.length * fields.length);
    this.atomCodes = new Int32Array(nodes.length * fields.length);
    nodes.forEach((node, index) => {
      fields.forEach((field, at) => {
        const cover = coverText(node, field);
        this.codes[index * fields.length + at] = codeOf(at, cover);
        const single = node.scope[field]?.length === 1 ? JSON.stringify(node.scope[field]) : cover;
        this.atomCodes[index * fields.length + at] = codeOf(at, single);
      });
      // The first node of a cover wins, as a model's index of ids keeps the first.
      const key = this.keyOf(index, -1, FREE);
      if (!this.byCodes.has(key)) this.byCodes.set(key, index);
    });
  }

  /** The code of what `node` covers on the field at `at` (a position in `fields`), as an atom to narrow another node to. */
  atomOf(node: number, at: number): number {
    return this.atomCodes[node * this.fields.length + at]!;
  }

  /** The node covering what `node` covers, except on the field at `at` the cover of code `code`; undefined if none. */
  narrowed(node: number, at: number, code: number): number | undefined {
    return this.byCodes.get(this.keyOf(node, at, code));
  }

  private keyOf(node: number, at: number, code: number): string {
    let key = '';
    for (let i = 0; i < this.fields.length; i++) {
      key += `${i === at ? code : this.codes[node * this.fields.length + i]!},`;
    }
    return key;
  }
}

/**
 * What a node covers on a field, as text equal exactly when the parts of their ids for the field
 * are (a category, or a set of them in sorted order; a set of one apart); null when free.
 */
function coverText(node: Cover, field: string): string | null {
  const category = node.key[field];
  if (category !== undefined) return oneCategory(category);
  const scoped = node.scope[field];
  if (scoped === undefined) return null;
  return `${scoped.length === 1 ? 'set ' : ''}${JSON.stringify([...scoped].sort())}`;
}

/** A category as JSON of the list of it alone: a model names the same few hundred again per node. */
const oneCategoryText = new Map<string, string>();
const MAX_TEXTS = 100_000;

function oneCategory(category: string): string {
  let text = oneCategoryText.get(category);
  if (text === undefined) {
    if (oneCategoryText.size >= MAX_TEXTS) oneCategoryText.clear();
    text = JSON.stringify([category]);
    oneCategoryText.set(category, text);
  }
  return text;
}
