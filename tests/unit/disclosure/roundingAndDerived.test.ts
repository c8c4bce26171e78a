// Rounding of what is published, the footnote that states the rule, the suppressed marker,
// and percentages and rates derived from protected counts.
import { describe, expect, it } from 'vitest';
import {
  SUPPRESSED_MARKER,
  disclosureFootnote,
  formatPublished,
  protectPercents,
  protectTable,
  protectedPercent,
  protectedRate,
  roundToBase,
} from '../../../src-main/disclosure/index.ts';
import { DEFAULT_DISCLOSURE } from '../../../shared/query.ts';
import { rawFrom } from './independentAttacker.ts';

describe('rounding', () => {
  it('rounds each cell and each total on its own to the nearest multiple, after suppression', async () => {
    const raw = rawFrom([
      [12, 2, 33],
      [17, 26, 41],
      [8, 13, 9],
    ]);
    const { table, report } = await protectTable(raw, { threshold: 5, round: 5 });
    expect(report.rounded).toBe(true);
    expect(table.counts[0]![1]).toBeNull();
    raw.counts.forEach((line, i) =>
      line.forEach((v, j) => {
        const shown = table.counts[i]![j]!;
        if (shown !== null) expect(shown).toBe(Math.round(v / 5) * 5);
      }),
    );
    // Each total from its own raw value (47 -> 45, 84 -> 85, 30 -> 30), not from the rounded cells.
    expect(table.rowTotals).toEqual([45, 85, 30]);
    expect(table.total).toBe(160);
    expect(report.footnote).toContain('rounded to the nearest 5');
  });

  it('rounds halves up and leaves values alone without a base', () => {
    expect([roundToBase(2.5 * 5, 5), roundToBase(7, 5), roundToBase(13, 10), roundToBase(13, null)]).toEqual([
      15, 5, 10, 13,
    ]);
  });
});

describe('footnote and marker', () => {
  it('states the rule in words', () => {
    expect(disclosureFootnote({ ...DEFAULT_DISCLOSURE, round: 5 })).toBe(
      'Counts from 1 to 4 are suppressed ([c]); further cells are suppressed so that suppressed values cannot be worked out from totals. ' +
        'Counts rounded to the nearest 5, each total on its own, so totals may differ from the sum of their parts.',
    );
    expect(disclosureFootnote({ ...DEFAULT_DISCLOSURE, threshold: 2, secondary: false })).toBe(
      'Counts of 1 are suppressed ([c]).',
    );
    expect(disclosureFootnote({ ...DEFAULT_DISCLOSURE, threshold: 10, suppressZeros: true })).toMatch(
      /^Counts from 0 to 9 are suppressed/,
    );
    expect(disclosureFootnote({ ...DEFAULT_DISCLOSURE, threshold: 1 })).toBe('No disclosure control applied.');
  });

  it('formats a suppressed number as the marker', () => {
    expect(SUPPRESSED_MARKER).toBe('[c]');
    expect(formatPublished(null)).toBe('[c]');
    expect(formatPublished(1234, (n) => n.toLocaleString('en-GB'))).toBe('1,234');
  });
});

describe('derived numbers', () => {
  it('suppresses a percentage of a suppressed count and flags a small base', () => {
    expect(protectedPercent(null, 40, 5)).toEqual({ value: null, smallBase: false });
    expect(protectedPercent(10, null, 5)).toEqual({ value: null, smallBase: false });
    expect(protectedPercent(10, 40, 5)).toEqual({ value: 25, smallBase: false });
    expect(protectedPercent(0, 40, 5)).toEqual({ value: 0, smallBase: false });
    expect(protectedPercent(3, 40, 5)).toEqual({ value: 7.5, smallBase: true });
    expect(protectedPercent(2, 4, 5)).toEqual({ value: 50, smallBase: true });
    expect(protectedPercent(0, 0, 5)).toEqual({ value: null, smallBase: true });
  });

  it('derives row percentages from the published table, suppressed where the count is', async () => {
    const raw = rawFrom([
      [20, 2, 30],
      [15, 25, 40],
      [10, 12, 8],
    ]);
    const { table } = await protectTable(raw, { threshold: 5 });
    const percents = protectPercents(table, 'row', 5);
    table.counts.forEach((line, i) =>
      line.forEach((count, j) => {
        const p = percents[i]![j]!;
        if (count === null) expect(p.value).toBeNull();
        else expect(p.value).toBeCloseTo((100 * count) / table.rowTotals[i]!, 10);
      }),
    );
    expect(percents[1]![1]).toEqual({ value: 31.25, smallBase: false });
  });

  it('suppresses a rate of a suppressed count and flags a rate of a small one', () => {
    expect(protectedRate(null, 1000, 1000, 5)).toEqual({ value: null, smallBase: false });
    expect(protectedRate(12, 4000, 1000, 5)).toEqual({ value: 3, smallBase: false });
    expect(protectedRate(3, 1000, 1000, 5).smallBase).toBe(true);
  });
});
