// Pulls records from an object-mode stream in batches with `read()`, waiting only when the
// stream's buffer is empty. One await per batch instead of one per record: at a million
// rows the difference is most of a second.
import type { Readable } from 'node:stream';

export class ObjectStreamReader<T> {
  private ended = false;
  private failure: unknown;

  constructor(private readonly stream: Readable) {
    stream.on('end', () => {
      this.ended = true;
    });
    stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  /** Up to `max` records; an empty array means the stream has ended. */
  async next(max: number): Promise<T[]> {
    const out: T[] = [];
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      let item: T | null;
      while (out.length < max && (item = this.stream.read() as T | null) !== null) out.push(item);
      if (out.length > 0 || this.ended) return out;
      if (this.stream.destroyed && !this.ended) {
        if (this.failure !== undefined) throw this.failure;
        return out;
      }
      await this.waitForData();
    }
  }

  private waitForData(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('readable', done);
        this.stream.off('end', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('readable', done);
      this.stream.on('end', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }
}
