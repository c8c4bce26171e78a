// Render workers (export/renderWorker.ts) behind the renderer interface the pack builder and the
// exports call: jobs go out by id, replies come back typed, and a worker that dies fails every
// job still waiting with a typed error instead of a hang. A cancel ends the worker at once: a
// PDF half drawn is not waited for.
//
// A single export's drawing is quick, but a worker's start (resvg, pdfkit and exceljs loaded)
// took 1.5-2 s: so one worker is kept warm, started idle soon after a workspace opens, reused by
// every export and report pack in turn, and ended when the workspace locks or closes. It keeps
// nothing of a job once it has replied (the jobs are stateless), and it is never shared by two
// exports at once: a cancel ends the worker, which must not fail another export's drawing.
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { FigureDrawn, PackRenderer, RenderJob } from '../../export/packRenderer.ts';
import type { FromRenderWorker, ToRenderWorker } from '../../export/renderWorkerProtocol.ts';
import { findWorkerEntry, startModuleWorker } from '../../workers/moduleWorker.ts';

export function renderWorkerUrl(base: string = import.meta.url): URL {
  const url = findWorkerEntry(base, ['./renderWorker.js', '../renderWorker.js', '../../export/renderWorker.ts']);
  if (url) return url;
  throw new AppError(
    'INTERNAL',
    'The render worker (renderWorker.js or .ts) is missing next to the app; reinstall the app.',
  );
}

/** What a render worker draws, for its errors: "the report pack", "the export of “Victims”". */
export const PACK = 'the report pack';

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** How many render threads this process has started (tests: exports in a row share one). */
let started = 0;

export function renderThreadsStarted(): number {
  return started;
}

/** One render thread: its jobs in flight, and who it draws for now (named in its errors). */
class RenderThread {
  readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  /** Set once the thread has died or been ended: every later job is refused with it. */
  ended: AppError | null = null;
  /** Ended by a lock or close while an export held it: ended once that export is done. */
  retired = false;
  what = PACK;

  constructor(readonly href: string) {
    this.worker = startModuleWorker(new URL(href));
    started++;
    this.worker.on('message', (message: FromRenderWorker) => {
      const job = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) job?.resolve(message.value);
      else job?.reject(AppError.fromPayload(message.error));
    });
    this.worker.on('error', (error) =>
      this.fail(
        new AppError('EXPORT_FAILED', `The drawing of ${this.what} stopped: ${error.message}. Try the export again.`),
      ),
    );
    this.worker.on('exit', (code) =>
      this.fail(
        new AppError(
          'EXPORT_FAILED',
          `The drawing of ${this.what} stopped (the render worker exited with code ${code}). Try the export again.`,
        ),
      ),
    );
  }

  get busy(): boolean {
    return this.waiting.size > 0;
  }

  fail(error: AppError): void {
    this.ended ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }

  run<T>(request: RenderJob): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.ended) {
        reject(this.ended);
        return;
      }
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, request } satisfies ToRenderWorker);
    });
  }

  end(error: AppError): Promise<number> {
    this.fail(error);
    return this.worker.terminate();
  }
}

/** The warm thread and whether an export holds it now. */
let warm: { thread: RenderThread; lent: boolean } | null = null;

function dropWarm(thread: RenderThread): void {
  if (warm?.thread === thread) warm = null;
}

function startThread(href: string): RenderThread {
  const thread = new RenderThread(href);
  // A thread that dies or is ended is never lent again.
  thread.worker.once('exit', () => dropWarm(thread));
  return thread;
}

/** Exports drawing now (withRenderWorker). */
let lending = 0;

/** The threads exports draw in now, warm or their own: a lock or close retires every one. */
const lentThreads = new Set<RenderThread>();

/**
 * Starts the warm render worker now, idle (it keeps no process alive), so the next export finds
 * its modules loaded: called a while after a workspace opens.
 */
export function prepareRenderWorker(entry: URL = renderWorkerUrl()): void {
  // An export drawing now keeps its worker warm when it is done: no second one is started.
  if (lending > 0 || (warm !== null && warm.thread.href === entry.href)) return;
  if (warm !== null && !warm.lent) void warm.thread.end(new AppError('EXPORT_FAILED', 'The render worker was closed.'));
  const thread = startThread(entry.href);
  thread.worker.unref();
  warm = { thread, lent: false };
}

/** Ends the warm render worker (the workspace locked or closed); an export drawing keeps its own until done. */
export async function endRenderWorker(): Promise<void> {
  // A thread an export started of its own would otherwise turn warm when the export is done.
  for (const thread of lentThreads) thread.retired = true;
  const kept = warm;
  if (kept === null) return;
  warm = null;
  if (kept.lent) kept.thread.retired = true;
  else await kept.thread.end(new AppError('EXPORT_FAILED', 'The render worker was closed.'));
}

/** The warm thread's worker, or null (tests: a lock ends it). */
export function warmRenderWorker(): Worker | null {
  return warm?.thread.worker ?? null;
}

/** The renderer interface over one thread; `close` runs when its user is done with it. */
function rendererOver(thread: RenderThread, close: () => Promise<void>): PackRenderer {
  return {
    figure: (job) => thread.run<FigureDrawn>({ kind: 'figure', job }),
    infographicFiles: (job) => thread.run<{ png: Uint8Array; pdf: Uint8Array }>({ kind: 'infographicFiles', job }),
    workbook: (job) => thread.run<Uint8Array>({ kind: 'workbook', job }),
    figureFile: (job) => thread.run<Uint8Array>({ kind: 'figureFile', job }),
    infographicFile: (job) => thread.run<Uint8Array>({ kind: 'infographicFile', job }),
    close,
  };
}

/** The cancel of `what`: fails its jobs and ends the thread mid-drawing. */
function cancelOn(thread: RenderThread, what: string): () => void {
  return () => {
    dropWarm(thread);
    void thread.end(
      new AppError(
        'CANCELLED',
        what === PACK ? 'Building the report pack was cancelled.' : `${capitalised(what)} was cancelled.`,
      ),
    );
  };
}

/** A render worker of its own for one report pack, ended by `close` or by the signal's cancel. */
export function startRenderWorker(
  entry: URL = renderWorkerUrl(),
  signal?: AbortSignal,
  what: string = PACK,
): PackRenderer {
  const thread = startThread(entry.href);
  thread.what = what;
  const onAbort = cancelOn(thread, what);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return rendererOver(thread, async () => {
    signal?.removeEventListener('abort', onAbort);
    await thread.end(new AppError('EXPORT_FAILED', 'The render worker was closed.'));
  });
}

export interface RenderLoan {
  /**
   * Whether a worker started for this drawing (none was warm and free) stays warm after it for
   * the next export, as in the app (default); the command line has no next export, so it ends it.
   */
  keepWarm?: boolean;
}

/**
 * One export or report pack drawn in the warm render worker (started now if there is none, or
 * if another export holds it), so PNG rasterising and PDF layout never hold the main thread; the
 * signal's cancel ends the worker mid-drawing. Done, the worker stays warm for the next export,
 * unless another is warm already: then it is ended, not waited for.
 */
export async function withRenderWorker<T>(
  what: string,
  signal: AbortSignal | undefined,
  draw: (renderer: PackRenderer) => Promise<T>,
  { keepWarm = true }: RenderLoan = {},
): Promise<T> {
  const href = renderWorkerUrl().href;
  let thread: RenderThread;
  if (warm !== null && !warm.lent && warm.thread.ended === null && warm.thread.href === href) {
    warm.lent = true;
    thread = warm.thread;
  } else thread = startThread(href);
  thread.what = what;
  thread.worker.ref();
  lending++;
  lentThreads.add(thread);
  const onAbort = cancelOn(thread, what);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  let givenBack = false;
  const giveBack = async (): Promise<void> => {
    if (givenBack) return;
    givenBack = true;
    lending--;
    lentThreads.delete(thread);
    signal?.removeEventListener('abort', onAbort);
    const reusable = thread.ended === null && !thread.retired && !thread.busy && signal?.aborted !== true;
    // The warm one lent goes back warm; one started here turns warm only if asked and none is.
    if (reusable && (warm?.thread === thread || (warm === null && keepWarm))) {
      thread.worker.unref();
      warm = { thread, lent: false };
      return;
    }
    // Ended meanwhile (a lock, a cancel), or another is warm: this one goes.
    dropWarm(thread);
    await thread.end(new AppError('EXPORT_FAILED', 'The render worker was closed.'));
  };
  try {
    return await draw(rendererOver(thread, giveBack));
  } finally {
    void giveBack().catch(() => undefined);
  }
}
