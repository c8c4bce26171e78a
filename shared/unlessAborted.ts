// The answer of work that cannot be stopped in the middle from this thread, or the abort's as
// soon as it comes; the work's own answer, when it comes later, is dropped (its owner ends or
// undoes it: an open's cancel disposes of the engine that was loading; a table still being
// protected stops on the same signal, its rejection already reported).
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  work.catch(() => undefined);
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
