// The steps of an import, in order, for a hook that watches them (tests, the benchmark) and for
// the store worker's step board. After the rows are read come four steps, a cancel check at the
// start of each and between the statements within; `commit` begins once the commit is claimed,
// the point of no return: a cancel from then on is answered with the committed import.
export const IMPORT_STEPS = ['reading', 'indexes', 'personKeys', 'keyIndex', 'finishing', 'commit'] as const;

export type ImportStep = (typeof IMPORT_STEPS)[number];
