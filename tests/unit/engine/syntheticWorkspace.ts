// Generated workspaces for the engine's tests and benchmark: the real schema (migration
// 001) on a plain SQLite database, categories with codes deliberately out of display
// order, persons shared across cohorts, NULLs sprinkled in, reproducible from a seed.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { BUILT_IN_COLUMNS, COHORTS, type CodebookColumn, type Cohort } from '../../../shared/codebook.ts';
import { migration001 } from '../../../src-main/store/migrations/001_initial.ts';
import { seededRandom as mulberry32 } from '../../helpers/seeded.ts';
export { mulberry32 };

const require = createRequire(import.meta.url);
const PlainSqlite = require('better-sqlite3') as new (file: string) => BetterSqlite3.Database;

/** Labels of the open columns in generated data. */
export const OPEN_LABELS: Record<string, string[]> = {
  lsoa: Array.from({ length: 40 }, (_, i) => `E0101${String(7000 + i * 13).padStart(4, '0')}`),
  offence_subgroup: Array.from({ length: 18 }, (_, i) => `Subgroup ${String.fromCharCode(65 + i)}`),
};

export interface SyntheticOptions {
  rows: Partial<Record<Cohort, number>>;
  seed: number;
  /** File path, or ':memory:'. */
  file?: string;
  /** Cohorts whose month/financial_year the "store" fills (the others are left NULL for the engine to derive). */
  storePeriodsFor?: Cohort[];
}

/** Store code of a label: reversed and offset, so codes never equal display positions. */
export function storeCode(position: number, count: number): number {
  return (count - 1 - position) * 3 + 7;
}

export function createSyntheticWorkspace(options: SyntheticOptions): BetterSqlite3.Database {
  const db = new PlainSqlite(options.file ?? ':memory:');
  db.exec(migration001.sql);
  const random = mulberry32(options.seed);
  const insertColumn = db.prepare(
    'INSERT INTO codebook_columns (name, label, kind, cohorts, open, role, derived_from, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCategory = db.prepare('INSERT INTO categories (column_name, code, label, position) VALUES (?, ?, ?, ?)');
  const periodLabels = new Map<string, string[]>();
  const months = Array.from(
    { length: 48 },
    (_, i) => `${2018 + Math.floor((i + 3) / 12)}-${String(((i + 3) % 12) + 1).padStart(2, '0')}`,
  );
  periodLabels.set('month', months);
  periodLabels.set('financial_year', ['2018/19', '2019/20', '2020/21', '2021/22']);
  const labelsOf = (c: CodebookColumn): string[] => [
    ...(OPEN_LABELS[c.name] ?? periodLabels.get(c.name) ?? c.categories),
  ];
  db.transaction(() => {
    BUILT_IN_COLUMNS.forEach((c, position) => {
      insertColumn.run(
        c.name,
        c.label,
        c.kind,
        JSON.stringify(c.cohorts),
        c.open ? 1 : 0,
        c.role,
        c.derivedFrom ?? null,
        position,
      );
      if (c.kind !== 'category' && c.kind !== 'ordinal') return;
      // An extra label nobody uses shows that open columns keep only observed categories.
      const labels = c.open ? [...labelsOf(c), `${c.name} unused`] : labelsOf(c);
      labels.forEach((label, p) => insertCategory.run(c.name, storeCode(p, labels.length), label, p));
    });
    db.prepare(
      "INSERT INTO import_batches (id, cohort, file_name, file_hash, started_at, user_name) VALUES (1, 'victims', 'generated.csv', 'x', '2024-01-01', 'test')",
    ).run();
  })();
  const totalRows = Object.values(options.rows).reduce((a, b) => a + (b ?? 0), 0);
  const personCount = Math.max(1, Math.floor(totalRows / 2.5));
  const insertPerson = db.prepare('INSERT INTO persons (id, person_key) VALUES (?, ?)');
  db.transaction(() => {
    for (let p = 1; p <= personCount; p++) insertPerson.run(p, `pk${p}`);
  })();
  const start = Date.UTC(2018, 3, 1);
  const days = 4 * 365;
  for (const cohort of COHORTS) {
    const count = options.rows[cohort] ?? 0;
    const columns = BUILT_IN_COLUMNS.filter((c) => c.cohorts.includes(cohort) && c.kind !== 'person_key');
    const storePeriods = options.storePeriodsFor?.includes(cohort) ?? false;
    const names = ['batch_id', 'source_row', 'person_id', ...columns.map((c) => c.name)];
    const insert = db.prepare(
      `INSERT INTO ${cohort} (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    );
    db.transaction(() => {
      for (let r = 0; r < count; r++) {
        const date =
          random() < 0.02
            ? null
            : new Date(start + Math.floor(random() * days) * 86_400_000).toISOString().slice(0, 10);
        const values: (number | string | null)[] = [
          1,
          r + 1,
          random() < 0.01 ? null : 1 + Math.floor(random() ** 1.5 * personCount),
        ];
        for (const c of columns) {
          if (c.kind === 'date') values.push(date);
          else if (c.kind === 'flag') values.push(random() < 0.03 ? null : random() < 0.3 ? 1 : 0);
          else if (c.kind === 'number') values.push(random() * 100);
          else if (c.name === 'month' || c.name === 'financial_year') {
            if (!storePeriods || date === null) values.push(null);
            else {
              const labels = [...labelsOf(c), `${c.name} unused`];
              const label = c.name === 'month' ? date.slice(0, 7) : financialYear(date);
              values.push(storeCode(labels.indexOf(label), labels.length));
            }
          } else {
            const labels = c.open ? [...labelsOf(c), `${c.name} unused`] : labelsOf(c);
            const used = c.open ? labels.length - 1 : Math.max(1, labels.length - (c.name === 'sex' ? 0 : 1));
            // Skewed, and the last closed category (often Unknown) only via NULL, so some closed categories stay empty.
            const position = Math.floor(random() ** 1.7 * used);
            values.push(random() < 0.02 ? null : storeCode(position, labels.length));
          }
        }
        insert.run(...values);
      }
    })();
  }
  return db;
}

function financialYear(iso: string): string {
  const year = Number(iso.slice(0, 4));
  const start = Number(iso.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}
