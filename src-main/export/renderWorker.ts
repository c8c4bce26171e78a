// A render worker: draws a report pack's files (packRenderer.ts jobs) off the main thread,
// where PNG rasterising and PDF layout took the better part of a second per pack. Each
// request carries an id; the reply carries the drawing or the typed error.
import { parentPort } from 'node:worker_threads';
import { AppError, isAppError } from '../../shared/errors.ts';
import { runRenderJob } from './packRenderer.ts';
import type { FromRenderWorker, ToRenderWorker } from './renderWorkerProtocol.ts';

const port = parentPort;
if (port === null) throw new Error('renderWorker.ts runs only as a worker thread.');

port.on('message', (message: ToRenderWorker) => {
  runRenderJob(message.request).then(
    (value) => port.postMessage({ id: message.id, ok: true, value } satisfies FromRenderWorker),
    (error: unknown) => {
      const typed = isAppError(error)
        ? error
        : new AppError(
            'EXPORT_FAILED',
            'The report pack could not be drawn.',
            error instanceof Error ? error.message : String(error),
          );
      port.postMessage({ id: message.id, ok: false, error: typed.toPayload() } satisfies FromRenderWorker);
    },
  );
});
