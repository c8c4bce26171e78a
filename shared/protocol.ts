// The wire protocol, once for every transport: each message is a discriminated union
// member with an id. A request is answered by exactly one result (ok or error), with
// any number of progress messages before it; the caller may cancel by id.
import { z } from 'zod';
import type { ErrorPayload } from './errors.ts';

export const ProgressSchema = z.object({
  phase: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  /** Units per second, when meaningful (rows for an import). */
  rate: z.number().nullable().optional(),
  etaSeconds: z.number().nullable().optional(),
  message: z.string().optional(),
});
export type Progress = z.infer<typeof ProgressSchema>;

export const RequestMessageSchema = z.object({
  type: z.literal('request'),
  id: z.string().min(1).max(64),
  method: z.string().min(1).max(100),
  args: z.unknown(),
});
export const CancelMessageSchema = z.object({ type: z.literal('cancel'), id: z.string().min(1).max(64) });
export const ClientMessageSchema = z.discriminatedUnion('type', [RequestMessageSchema, CancelMessageSchema]);
export type RequestMessage = z.infer<typeof RequestMessageSchema>;
export type CancelMessage = z.infer<typeof CancelMessageSchema>;
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export type ResultMessage =
  | { type: 'result'; id: string; ok: true; value: unknown }
  | { type: 'result'; id: string; ok: false; error: ErrorPayload };
export type ProgressMessage = { type: 'progress'; id: string; progress: Progress };
/** Pushed by main without a request: the workspace locked itself, an import finished elsewhere. */
export type EventMessage = { type: 'event'; topic: EventTopic; payload: unknown };
export type ServerMessage = ResultMessage | ProgressMessage | EventMessage;

/**
 * `menu.command` carries `{ command }` (shared/menuCommands.ts) from the native menu to the renderer;
 * `workspace.removal` a cancelled import's removal, `{ done, total }` or null once over (RemovalProgressSchema).
 */
export const EVENT_TOPICS = [
  'workspace.changed',
  'workspace.locked',
  'workspace.removal',
  'data.changed',
  'menu.command',
] as const;
export type EventTopic = (typeof EVENT_TOPICS)[number];

/** The smallest interface a transport offers: send a message, receive messages. */
export interface ClientTransport {
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): () => void;
}

/** Names of the Electron IPC channels the preload exposes (nothing else crosses). */
export const IPC_CHANNEL_TO_MAIN = 'vso:to-main';
export const IPC_CHANNEL_TO_RENDERER = 'vso:to-renderer';

/** Bridge endpoints and header of the loopback transport. */
export const BRIDGE_RPC_PATH = '/rpc';
export const BRIDGE_EVENTS_PATH = '/events';
export const BRIDGE_TOKEN_HEADER = 'x-vso-token';
export const BRIDGE_MAX_BODY_BYTES = 1024 * 1024;
