/**
 * Messages between a fleet agent and the hub over NATS (besides the per-object summaries of `fleet.ts`):
 * the agent's heartbeat in the bucket, and a drill-down request with its answer (request/reply).
 */
import { type Static, Type } from '@sinclair/typebox';
import { ConnectionStateSchema } from './schemas.js';

export const AgentHeartbeatSchema = Type.Object(
  {
    cluster: Type.String(),
    /** The agent's connection to its own API server. */
    connection: ConnectionStateSchema,
    /** Every watched kind has synced (the agent's keys are complete). */
    ready: Type.Boolean(),
    /** Keys the agent holds in the bucket. */
    objects: Type.Number(),
    sentAt: Type.String(),
    /** How often the agent writes this; the hub calls the cluster stale after three missed. */
    intervalMs: Type.Number(),
    /** The Flux distribution version the controllers run, when known. */
    fluxVersion: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type AgentHeartbeat = Static<typeof AgentHeartbeatSchema>;

/** A read the hub forwards to the owning agent: a GET path of the single-cluster API, with its query. */
export const DrillRequestSchema = Type.Object({ path: Type.String({ maxLength: 4096 }) });
export type DrillRequest = Static<typeof DrillRequestSchema>;

export const DrillAnswerSchema = Type.Object({
  status: Type.Integer(),
  contentType: Type.String(),
  body: Type.String(),
});
export type DrillAnswer = Static<typeof DrillAnswerSchema>;
