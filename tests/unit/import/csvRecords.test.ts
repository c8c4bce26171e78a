// The papaparse chunk reader against csv-parse (the reader it replaced, kept as the oracle):
// random CSV text with quotes, delimiters and newlines inside quotes, CRLF or LF, blank lines
// and ragged records, cut into random chunks, reads as csv-parse reads the whole text. Then
// the line ending sniffer and the errors, each with the line where the bad record starts.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { CsvRecords } from '../../../src-main/import/csvRecords.ts';
import { sniffLineEnding, type Delimiter } from '../../../src-main/import/sniff.ts';

/** A field as written in the file, and the value a reader must return. */
interface Field {
  text: string;
  value: string;
}

const plain = fc
  .array(fc.constantFrom('a', 'B', '7', ' ', 'é', '–', '.'), { maxLength: 6 })
  .map((chars): Field => ({ text: chars.join(''), value: chars.join('') }));

const quoted = fc
  .array(fc.constantFrom('a', ' ', ',', ';', '\t', '|', '"', '\n', '\r\n', '\r', 'é'), { maxLength: 8 })
  .map((chars): Field => {
    const value = chars.join('');
    return { text: `"${value.replace(/"/g, '""')}"`, value };
  });

/** A quote inside an unquoted field is text (csv-parse's relax_quotes). */
const strayQuote = fc
  .tuple(fc.constantFrom('a', 'Z', '1'), fc.constantFrom('"', 'b"c', '""'))
  .map(([first, rest]): Field => ({ text: first + rest, value: first + rest }));

const field = fc.oneof(
  { arbitrary: plain, weight: 3 },
  { arbitrary: quoted, weight: 3 },
  { arbitrary: strayQuote, weight: 1 },
);

/** A record; a lone empty field would be a blank line, which both readers skip. */
const record = fc
  .array(field, { minLength: 1, maxLength: 6 })
  .map((fields) => (fields.length === 1 && fields[0]?.value === '' ? [...fields, { text: 'x', value: 'x' }] : fields));

const csvText = fc.record({
  records: fc.array(fc.oneof({ arbitrary: record, weight: 9 }, { arbitrary: fc.constant(null), weight: 1 }), {
    minLength: 1,
    maxLength: 25,
  }),
  ending: fc.constantFrom('\n', '\r\n'),
  delimiter: fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
  trailing: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 12 }),
});

/** Reads `text` cut at `cuts` (positions modulo its length) through CsvRecords. */
function readInChunks(text: string, delimiter: string, cuts: readonly number[]): string[][] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const reader = new CsvRecords(delimiter, 'random.csv');
  const records: string[][] = [];
  let from = 0;
  for (const cut of [...at, text.length]) {
    records.push(...reader.push(text.slice(from, cut)));
    from = cut;
  }
  records.push(...reader.end());
  return records;
}

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('CSV records (papaparse, a chunk at a time)', () => {
  it('read random CSV text in random chunks as csv-parse reads it whole, and as it was written', () => {
    fc.assert(
      fc.property(csvText, ({ records, ending, delimiter, trailing, cuts }) => {
        const lines = records.map((r) => (r === null ? '' : r.map((f) => f.text).join(delimiter)));
        const text = lines.join(ending) + (trailing ? ending : '');
        const oracle = parse(text, {
          delimiter,
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: true,
        }) as string[][];
        const written = records.filter((r) => r !== null).map((r) => r.map((f) => f.value));
        const read = readInChunks(text, delimiter, cuts);
        expect(read).toEqual(oracle);
        expect(read).toEqual(written);
      }),
      { numRuns: 400 },
    );
  });

  it('reads CR-only line endings, and a file without a final line ending', () => {
    const reader = new CsvRecords(',', 'old-mac.csv');
    expect([...reader.push('A,B\r1,"x\ry"\r'), ...reader.push('3,4'), ...reader.end()]).toEqual([
      ['A', 'B'],
      ['1', 'x\ry'],
      ['3', '4'],
    ]);
  });

  it('keeps stray quotes on one line as text, as papaparse reads them', () => {
    const reader = new CsvRecords(',', 'notes.csv');
    expect([...reader.push('A,B,C\n1,"He said "hi" then",2\n3,4,5\n'), ...reader.end()]).toEqual([
      ['A', 'B', 'C'],
      ['1', 'He said "hi" then', '2'],
      ['3', '4', '5'],
    ]);
  });

  it('names the line where a never-closed quote starts, across chunks', () => {
    const reader = new CsvRecords(',', 'quote.csv');
    reader.push('A,B\n1,2\n');
    reader.push('3,4\r\n5,"never\nclosed\n');
    const error = failure(() => {
      reader.push('6,7\n');
      reader.end();
    });
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toMatch(/^quote\.csv, line 4: .*quoted field that starts on this line is never closed/);
  });

  it('refuses a closing quote followed by text that runs the next lines together', () => {
    const error = failure(() => {
      const reader = new CsvRecords(',', 'swallow.csv');
      reader.push('A,B,C\n1,2,3\n4,"x"y,5\n6,"7",8\n9,10,11\n');
      reader.end();
    });
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toMatch(/^swallow\.csv, line 3: .*closed and then followed by more text/);
  });

  it('refuses a record far too long (binary, or a quote never closed) before reading the rest', () => {
    const reader = new CsvRecords(',', 'long.csv', 1000);
    reader.push('A,B\n1,2\n3,"');
    const error = failure(() => {
      for (let i = 0; i < 10; i++) reader.push('x'.repeat(200));
    });
    expect(error.message).toMatch(/^long\.csv, line 3: .*runs past 1,000 characters.*binary/);
  });
});

describe('line ending sniffer', () => {
  it.each([
    ['A,B\r\n1,2\n', '\r\n'],
    ['A,B\n1,2\r\n', '\n'],
    ['A,B\r1,2', '\r'],
    ['"A\nB",C\r\n', '\r\n'],
    ['A,"B ""x"" \n y"\r\n', '\r\n'],
    ['Nick"name,B\r\n', '\r\n'],
  ])('finds the first line ending outside quotes in %j', (text, ending) => {
    expect(sniffLineEnding(text, ',')).toBe(ending);
  });

  it.each([['A,B'], ['A,B\r'], ['"A\nB,C\r\n']])('waits for more text after %j', (text) => {
    expect(sniffLineEnding(text, ',')).toBeUndefined();
  });
});
