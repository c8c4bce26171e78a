// Progress of a long import for a progress bar: rows done, an estimate of the total (from
// the bytes read so far), the rate and the time left, reported at most ten times a second.
// `removing`: rows a cancelled import had stored unpublished, going a chunk at a time (done and
// total count rows removed), before the next import or after the cancel's answer.
export type ImportPhase = 'hashing' | 'reading' | 'committing' | 'done' | 'removing';

export interface ImportProgress {
  phase: ImportPhase;
  /** Rows read so far. */
  done: number;
  /** Estimated rows in the file (exact once `phase` is `committing` or `done`). */
  total: number;
  /** Rows per second since reading began. */
  rate: number;
  etaSeconds: number | null;
}

/** A removal of rows stored unpublished (a cancelled import's): `done` of `total` rows removed. */
export function removalProgress(done: number, total: number): ImportProgress {
  return { phase: 'removing', done, total, rate: 0, etaSeconds: done === total ? 0 : null };
}

export class ProgressReporter {
  private readonly started = performance.now();
  private last = -Infinity;

  constructor(
    private readonly onProgress: ((p: ImportProgress) => void) | undefined,
    private readonly intervalMs = 100,
  ) {}

  report(phase: ImportPhase, done: number, bytesRead: number, bytesTotal: number, force = false): void {
    if (!this.onProgress) return;
    const now = performance.now();
    if (!force && now - this.last < this.intervalMs) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const final = phase === 'committing' || phase === 'done';
    const total = final || bytesRead <= 0 ? done : Math.max(done, Math.round((done * bytesTotal) / bytesRead));
    const etaSeconds = final ? 0 : rate > 0 ? (total - done) / rate : null;
    this.onProgress({
      phase,
      done,
      total,
      rate: Math.round(rate),
      etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds * 10) / 10,
    });
  }
}
