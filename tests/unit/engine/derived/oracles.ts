// Plain, independent computations of the derived fields for the tests: nested loops over each
// person's records sorted by day (then by their order in the rows), thresholds written out.
export interface HistoryRow {
  /** -1 when the record has no person. */
  person: number;
  /** Day number, or null when the record has no date. */
  day: number | null;
}

export interface RepeatOracle {
  inWindow: (number | null)[];
  nextGap: (number | null)[];
  mostInWindow: Map<number, number>;
}

/** Per row: its count within the window ending at it, the days to its person's next record; per person the most. */
export function repeatOracle(rows: readonly HistoryRow[], windowDays: number): RepeatOracle {
  const inWindow: (number | null)[] = rows.map(() => null);
  const nextGap: (number | null)[] = rows.map(() => null);
  const mostInWindow = new Map<number, number>();
  const byPerson = new Map<number, number[]>();
  rows.forEach((row, i) => {
    if (row.person < 0 || row.day === null) return;
    byPerson.set(row.person, [...(byPerson.get(row.person) ?? []), i]);
  });
  for (const [person, indices] of byPerson) {
    const sorted = [...indices].sort((a, b) => (rows[a]?.day as number) - (rows[b]?.day as number) || a - b);
    let most = 0;
    for (let j = 0; j < sorted.length; j++) {
      const day = rows[sorted[j] as number]?.day as number;
      let count = 0;
      for (let k = 0; k <= j; k++) if (day - (rows[sorted[k] as number]?.day as number) < windowDays) count++;
      inWindow[sorted[j] as number] = count;
      most = Math.max(most, count);
      nextGap[sorted[j] as number] =
        j + 1 < sorted.length ? (rows[sorted[j + 1] as number]?.day as number) - day : null;
    }
    mostInWindow.set(person, most);
  }
  return { inWindow, nextGap, mostInWindow };
}

export function countBand(count: number): string {
  if (count === 1) return '1';
  if (count === 2) return '2';
  if (count === 3 || count === 4) return '3-4';
  return '5+';
}

export function gapBand(gap: number | null, windowDays: number): string {
  if (gap === null || gap >= windowDays) return 'None within the window';
  const bands: [number, string][] = [
    [7, 'Within 7 days'],
    [30, '8-30 days'],
    [90, '31-90 days'],
    [182, '91-182 days'],
    [365, '183-365 days'],
  ];
  for (const [upTo, label] of bands) if (gap <= upTo) return label;
  return 'More than 365 days';
}
