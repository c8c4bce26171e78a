// Whether tables over sets of fields form a cycle (A × B, B × C, A × C): such tables are the
// margins of one cube of counts, and together they bound it more than each pair does through
// the fields it shares. Tables without a cycle (an acyclic hypergraph: a tree of tables joined by
// the fields they share) can always be joined: any counts that agree on each shared field's
// margins are the margins of some cube (per shared category, a transport between the two sides).
// The test is the GYO reduction: drop a field only one table has, and a table whose fields
// another table has too, until nothing changes; what is left is a cycle.

/** The indices of the tables (by their fields) left in a cycle; empty when they form none. */
export function cyclicCore(tables: readonly ReadonlySet<string>[]): number[] {
  const left = new Map(tables.map((fields, i) => [i, new Set(fields)]));
  for (let changed = true; changed;) {
    changed = false;
    const holders = new Map<string, number>();
    for (const fields of left.values()) for (const f of fields) holders.set(f, (holders.get(f) ?? 0) + 1);
    for (const fields of left.values()) {
      for (const f of fields) {
        if (holders.get(f) === 1) {
          fields.delete(f);
          changed = true;
        }
      }
    }
    for (const [i, fields] of left) {
      const within = [...left].some(([j, other]) => j !== i && [...fields].every((f) => other.has(f)));
      if (fields.size === 0 || within) {
        left.delete(i);
        changed = true;
      }
    }
  }
  return [...left.keys()];
}
