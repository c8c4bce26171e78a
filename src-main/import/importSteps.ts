// The steps of an import, in order, for a hook that watches them (tests, the benchmark) and for
// the store worker's step board. After the rows are read come five steps, a cancel check at the
// start of each and between the statements within: `storing` commits the rows unpublished (the
// long COMMIT of a large import; a cancel during it is answered at once and removes them once it
// returns), `finishing` writes what publishes them; `commit` begins once the commit is claimed,
// the point of no return: a cancel from then on is answered with the committed import.
export const IMPORT_STEPS = ['reading', 'indexes', 'personKeys', 'keyIndex', 'storing', 'finishing', 'commit'] as const;

export type ImportStep = (typeof IMPORT_STEPS)[number];

/**
 * After a cancel or failure that came once the rows had committed (`finishing`), the answer goes
 * first and the removal of those rows follows as a step of its own (a step board can hold it).
 */
export const REMOVAL_STEP = 'removing';

/** The removal once its first chunk is gone and more are left: a test holds it part-way there. */
export const REMOVAL_REST_STEP = 'removingRest';

/** Every step a step board marks: the import's, then the removal after a late cancel. */
export const BOARD_STEPS = [...IMPORT_STEPS, REMOVAL_STEP, REMOVAL_REST_STEP] as const;

export type BoardStep = (typeof BOARD_STEPS)[number];
