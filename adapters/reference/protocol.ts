// The wire between the reference client and server: JSON text frames, checked with zod on
// arrival. One WebSocket per client, so each side sees the other's messages in order.
import { z } from 'zod';
import { Answer, GatedApi, Platform } from '../contract.ts';

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('login'),
    id: z.number().int(),
    userId: z.string(),
    userSig: z.string(),
    platform: Platform,
    instanceId: z.string(), // one SDK instance on one device
  }),
  z.object({ type: z.literal('logout'), id: z.number().int() }),
  // First message on a new connection after a lost one: carry on with this session (no login),
  // or, without one, "this instance holds no session" (any the server kept for it is stale).
  z.object({
    type: z.literal('resume'),
    id: z.number().int(),
    instanceId: z.string(),
    session: z.number().int().optional(),
    token: z.string().optional(),
  }),
  z.object({ type: z.literal('call'), id: z.number().int(), api: GatedApi, args: z.record(z.string(), z.unknown()).optional() }),
  // Answered by a pong after everything sent earlier on this connection: the settle barrier.
  z.object({ type: z.literal('ping'), id: z.number().int() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// Pushes name the server session they concern, so a client ignores one about a session it
// has already left (e.g. a kick that crossed its own logout on the wire).
export const Push = z.discriminatedUnion('type', [
  z.object({ type: z.literal('kicked'), session: z.number().int() }),
  z.object({ type: z.literal('sigExpired'), session: z.number().int() }),
  z.object({ type: z.literal('message'), session: z.number().int(), from: z.string(), text: z.string() }),
]);
export type Push = z.infer<typeof Push>;

export const ServerMessage = z.discriminatedUnion('type', [
  // `session` and `token` only on a successful login: the ID the server gave it, and the secret
  // that resumes it after a lost connection.
  z.object({ type: z.literal('reply'), id: z.number().int(), answer: Answer, session: z.number().int().optional(), token: z.string().optional() }),
  z.object({ type: z.literal('pong'), id: z.number().int() }),
  ...Push.options,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export type Reply = { answer: Answer; session?: number | undefined; token?: string | undefined };
