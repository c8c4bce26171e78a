// Starts a render worker for one report pack or one export (export/renderWorker.ts) and gives
// it the renderer interface the pack builder and the exports call: jobs go out by id, replies
// come back typed, and a worker that dies fails every job still waiting with a typed error
// instead of a hang. A cancel ends the worker at once: a PDF half drawn is not waited for.
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
const PACK = 'the report pack';

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export function startRenderWorker(
  entry: URL = renderWorkerUrl(),
  signal?: AbortSignal,
  what: string = PACK,
): PackRenderer {
  const worker = startModuleWorker(entry);
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let ended: AppError | null = null;
  const fail = (error: AppError): void => {
    ended ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const onAbort = (): void => {
    fail(
      new AppError(
        'CANCELLED',
        what === PACK ? 'Building the report pack was cancelled.' : `${capitalised(what)} was cancelled.`,
      ),
    );
    void worker.terminate();
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  worker.on('message', (message: FromRenderWorker) => {
    const job = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.ok) job?.resolve(message.value);
    else job?.reject(AppError.fromPayload(message.error));
  });
  worker.on('error', (error) =>
    fail(new AppError('EXPORT_FAILED', `The drawing of ${what} stopped: ${error.message}. Try the export again.`)),
  );
  worker.on('exit', (code) =>
    fail(
      new AppError(
        'EXPORT_FAILED',
        `The drawing of ${what} stopped (the render worker exited with code ${code}). Try the export again.`,
      ),
    ),
  );
  const run = <T>(request: RenderJob): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (ended) {
        reject(ended);
        return;
      }
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, request } satisfies ToRenderWorker);
    });
  return {
    figure: (job) => run<FigureDrawn>({ kind: 'figure', job }),
    infographicFiles: (job) => run<{ png: Uint8Array; pdf: Uint8Array }>({ kind: 'infographicFiles', job }),
    workbook: (job) => run<Uint8Array>({ kind: 'workbook', job }),
    figureFile: (job) => run<Uint8Array>({ kind: 'figureFile', job }),
    infographicFile: (job) => run<Uint8Array>({ kind: 'infographicFile', job }),
    async close() {
      signal?.removeEventListener('abort', onAbort);
      ended ??= new AppError('EXPORT_FAILED', 'The render worker was closed.');
      await worker.terminate();
    },
  };
}

/**
 * One export with a render worker of its own, so PNG rasterising and PDF layout never hold the
 * main thread; the signal's cancel ends the worker mid-drawing. The worker is closed when the
 * work is done, not waited for: a worker ending takes a moment.
 */
export async function withRenderWorker<T>(
  what: string,
  signal: AbortSignal,
  draw: (renderer: PackRenderer) => Promise<T>,
): Promise<T> {
  const renderer = startRenderWorker(undefined, signal, what);
  try {
    return await draw(renderer);
  } finally {
    void renderer.close().catch(() => undefined);
  }
}
