// The byte tokenizer against papaparse (CsvRecords, the reader it stands in front of): random
// CSV bytes, regular or not, cut into random chunks (through the middle of a character, a
// CRLF or a "" escape), read into the same records with the same row numbers, or failing
// with the same message naming the same line. Regular text is read by the tokenizer alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { CsvRecords } from '../../../src-main/import/csvRecords.ts';
import { CsvTokenizer } from '../../../src-main/import/csvTokenizer.ts';
import { lineEndingsToLf } from '../../../src-main/import/lineEndings.ts';
import { recordBatches } from '../../../src-main/import/readCsv.ts';
import { recordCells, rowsOfBatch } from '../../../src-main/import/recordBatch.ts';
import type { Delimiter } from '../../../src-main/import/sniff.ts';

const plain = fc
  .array(fc.constantFrom('a', 'B', '7', ' ', 'é', '–', '.', '😀'), { maxLength: 6 })
  .map((c) => c.join(''));
const quoted = fc
  .array(fc.constantFrom('a', ' ', ',', ';', '\t', '|', '"', '\n', '\r\n', '\r', 'é'), { maxLength: 8 })
  .map((c) => `"${c.join('').replace(/"/g, '""')}"`);
const strayQuote = fc.constantFrom('a"', 'b"c', 'Z""');
/** What papaparse recovers from or refuses: text after a closing quote, spaces after it, a lone quote. */
const irregular = fc.constantFrom('"x"y', '"x" ', '"x"  ', '"unclosed', '"a\nb"c', '"', '"x"\r');

function field(regular: boolean): fc.Arbitrary<string> {
  const arms = [
    { arbitrary: plain, weight: 3 },
    { arbitrary: quoted, weight: 3 },
    { arbitrary: strayQuote, weight: 1 },
  ];
  return regular ? fc.oneof(...arms) : fc.oneof(...arms, { arbitrary: irregular, weight: 1 });
}

function csvBytes(regular: boolean) {
  return fc.record({
    records: fc.array(
      fc.oneof(
        { arbitrary: fc.array(field(regular), { minLength: 1, maxLength: 5 }), weight: 9 },
        { arbitrary: fc.constant<string[]>(['']), weight: 1 },
      ),
      {
        minLength: 1,
        maxLength: 30,
      },
    ),
    ending: fc.constantFrom('\n', '\r\n', '\r', 'mixed'),
    endings: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 31 }),
    delimiter: fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
    trailing: fc.boolean(),
    cuts: fc.array(fc.nat(), { maxLength: 12 }),
  });
}

/** The records as CSV text, each line ended by `ending` or, when it is `mixed`, by the next of `endings`. */
function textOf(
  records: string[][],
  ending: string,
  delimiter: string,
  trailing: boolean,
  endings: readonly string[] = ['\n'],
): string {
  const end = (i: number): string => (ending === 'mixed' ? (endings[i % endings.length] as string) : ending);
  const lines = records.map((r) => r.join(delimiter));
  return lines.map((line, i) => line + (i < lines.length - 1 || trailing ? end(i) : '')).join('');
}

function chunksOf(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    chunks.push(Buffer.from(bytes.subarray(from, cut)));
    from = cut;
  }
  return chunks;
}

type Outcome = { rows: Array<{ cells: string[]; line: number }> } | { error: string };

/** Papaparse over the whole text, its line endings made LF outside quoted fields: the oracle. */
function papaparse(text: string, delimiter: string): Outcome {
  try {
    const reader = new CsvRecords(delimiter, 'random.csv');
    const lf = lineEndingsToLf(text, delimiter);
    const records = [...reader.push(lf), ...reader.end()];
    return { rows: records.map((cells, i) => ({ cells, line: i + 1 })) };
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}

async function tokenized(chunks: Buffer[], delimiter: string): Promise<Outcome> {
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  try {
    const rows: Array<{ cells: string[]; line: number }> = [];
    for await (const batch of recordBatches(source(), 'utf8', delimiter, 'random.csv'))
      rows.push(...rowsOfBatch(batch));
    return { rows };
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}

describe('CSV tokenizer', () => {
  it('reads random CSV bytes in any line endings, mixed, in random chunks as papaparse reads the text with LF endings', async () => {
    await fc.assert(
      fc.asyncProperty(csvBytes(true), async ({ records, endings, delimiter, trailing, cuts }) => {
        const text = textOf(records, 'mixed', delimiter, trailing, endings);
        const read = await tokenized(chunksOf(Buffer.from(text, 'utf8'), cuts), delimiter);
        expect(read).toEqual(papaparse(text, delimiter));
      }),
      { numRuns: 300 },
    );
  });

  it('reads random CSV bytes in random chunks as papaparse reads the whole text, errors included', async () => {
    // With broken quotes, papaparse's one guessed newline defines the oracle only for LF files; other
    // endings are made LF before papaparse reads them, as the test of mixed endings above checks.
    await fc.assert(
      fc.asyncProperty(csvBytes(false), async ({ records, endings, delimiter, trailing, cuts }) => {
        const text = textOf(records, '\n', delimiter, trailing, endings);
        const read = await tokenized(chunksOf(Buffer.from(text, 'utf8'), cuts), delimiter);
        expect(read).toEqual(papaparse(text, delimiter));
      }),
      { numRuns: 600 },
    );
  });

  it('reads regular text by itself, never handing it to papaparse', () => {
    fc.assert(
      fc.property(csvBytes(true), ({ records, ending, endings, delimiter, trailing, cuts }) => {
        const text = textOf(records, ending, delimiter, trailing, endings);
        const tokenizer = new CsvTokenizer(delimiter, 1_000_000);
        const read: string[][] = [];
        for (const chunk of chunksOf(Buffer.from(text, 'utf8'), cuts)) {
          const { batch, rest } = tokenizer.push(chunk);
          expect(rest).toBeUndefined();
          for (let r = 0; r < batch.count; r++) read.push(recordCells(batch, r));
        }
        const { batch, rest } = tokenizer.end();
        expect(rest).toBeUndefined();
        for (let r = 0; r < batch.count; r++) read.push(recordCells(batch, r));
        const oracle = papaparse(text, delimiter);
        expect('rows' in oracle && oracle.rows.map((r) => r.cells)).toEqual(read);
      }),
      { numRuns: 400 },
    );
  });

  it('hands the rest of the file to papaparse at a malformed quote, and papaparse names its line', async () => {
    const text = 'A,B,C\n1,2,3\n4,"x\ny"z,5\n6,"7",8\n9,10,11\n';
    const tokenizer = new CsvTokenizer(',', 1_000_000);
    const { batch, rest } = tokenizer.push(Buffer.from(text));
    expect(batch.count).toBe(2);
    expect(rest?.toString()).toBe('4,"x\ny"z,5\n6,"7",8\n9,10,11\n');
    expect(tokenizer.linesBefore).toBe(2);
    const read = await tokenized([Buffer.from(text)], ',');
    expect(read).toEqual({
      error: expect.stringMatching(/^random\.csv, line 3: .*closed and then followed by more text/),
    });
  });

  it('hands over a record longer than the limit instead of holding it in memory', () => {
    const tokenizer = new CsvTokenizer(',', 100);
    expect(tokenizer.push(Buffer.from('A,B\n1,2\n')).rest).toBeUndefined();
    const { batch, rest } = tokenizer.push(Buffer.from(`3,"${'x'.repeat(200)}`));
    expect(batch.count).toBe(0);
    expect(rest?.length).toBe(203);
  });
});
