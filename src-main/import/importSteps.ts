// The steps of an import, in order, for a hook that watches them (tests, the benchmark) and for
// the store worker's step board. After the rows are read come five steps, a cancel check at the
// start of each and between the statements within: `storing` commits the rows unpublished (the
// long COMMIT of a large import; a cancel during it is answered at once and removes them once it
// returns), `finishing` writes what publishes them; `commit` begins once the commit is claimed,
// the point of no return: a cancel from then on is answered with the committed import.
export const IMPORT_STEPS = ['reading', 'indexes', 'personKeys', 'keyIndex', 'storing', 'finishing', 'commit'] as const;

export type ImportStep = (typeof IMPORT_STEPS)[number];
