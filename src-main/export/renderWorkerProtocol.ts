// The messages to and from a render worker (renderWorker.ts): one job per id, one reply each.
import type { ErrorPayload } from '../../shared/errors.ts';
import type { runRenderJob, RenderJob } from './packRenderer.ts';

export interface ToRenderWorker {
  id: number;
  request: RenderJob;
}

export type FromRenderWorker =
  | { id: number; ok: true; value: Awaited<ReturnType<typeof runRenderJob>> }
  | { id: number; ok: false; error: ErrorPayload };
