// Category codes during an import, without asking the workspace for each new label: the
// workspace's label-to-code maps are read once before the import, a new label of an open
// column (an LSOA, a month, an offence subgroup) takes the column's next code (max + 1, the
// rule the store itself follows), and the new labels are handed over in batches to be added
// in one go. The import runs in one write transaction, so no one else can take those codes.
import { AppError } from '../../shared/errors.ts';

/** Per column: [label, code] pairs, as the workspace's `categories` holds them. */
export type CategoryTable = Record<string, Array<[string, number]>>;

/** [column, label, code] of a category the import added. */
export type NewCategory = [column: string, label: string, code: number];

/** The longest label the codebook accepts (codebookStore's rule). */
const MAX_LABEL_LENGTH = 200;

export class CategoryAllocator {
  private readonly codes = new Map<string, Map<string, number>>();
  private readonly next = new Map<string, number>();
  /** Labels with stray spaces (from recoding rules), to their trimmed label's code. */
  private readonly untrimmed = new Map<string, number>();
  private fresh: NewCategory[] = [];

  constructor(table: CategoryTable) {
    for (const [column, pairs] of Object.entries(table)) {
      this.codes.set(column, new Map(pairs));
      this.next.set(column, pairs.reduce((max, [, code]) => Math.max(max, code), -1) + 1);
    }
  }

  /** The labels the workspace had before the import (open columns reuse their spelling). */
  existingLabels(column: string): string[] {
    return [...(this.codes.get(column)?.keys() ?? [])];
  }

  /** The code of `label` in `column`, allocated when the label is new. */
  codeOf(column: string, label: string): number {
    const codes = this.codes.get(column);
    if (codes === undefined) {
      throw new AppError('NOT_FOUND', `There is no column “${column}” with categories in this workspace’s codebook.`);
    }
    const known = codes.get(label) ?? this.untrimmed.get(`${column}\u0000${label}`);
    if (known !== undefined) return known;
    const text = label.trim();
    let code = codes.get(text);
    if (code === undefined) {
      if (text === '' || text.length > MAX_LABEL_LENGTH) {
        throw new AppError(
          'BAD_REQUEST',
          `“${label}” cannot be a category label: it must have 1 to ${MAX_LABEL_LENGTH} characters.`,
        );
      }
      code = this.next.get(column) as number;
      this.next.set(column, code + 1);
      codes.set(text, code);
      this.fresh.push([column, text, code]);
    }
    if (text !== label) this.untrimmed.set(`${column}\u0000${label}`, code);
    return code;
  }

  /** The categories added since the last call, in the order they appeared. */
  takeNew(): NewCategory[] {
    const fresh = this.fresh;
    this.fresh = [];
    return fresh;
  }
}
