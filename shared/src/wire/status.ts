/** What the server says about itself: the status page's answer, and the probes'. */
import { type Static, Type } from '@sinclair/typebox';
import { ConnectionStateSchema, KindStateSchema } from './schemas.js';

export const StatusResponseSchema = Type.Object({
  connection: ConnectionStateSchema,
  kinds: Type.Array(KindStateSchema),
  ready: Type.Boolean(),
  readyReasons: Type.Array(Type.String()),
  seq: Type.Integer(),
  objects: Type.Integer(),
  events: Type.Integer(),
  watches: Type.Array(
    Type.Object({ kind: Type.String(), restarts: Type.Integer(), relists: Type.Integer() }),
  ),
  streamClients: Type.Integer(),
  /** What the server watches: the whole cluster, or --namespaces and what that leaves out. */
  scope: Type.Object({
    namespaces: Type.Optional(Type.Array(Type.String())),
    limits: Type.Array(Type.String()),
  }),
});

/** /readyz: ready once every watched kind's first list is loaded, with the reasons when not. */
export const ReadinessSchema = Type.Object({ ready: Type.Boolean(), reasons: Type.Array(Type.String()) });

/** /healthz. */
export const LivenessSchema = Type.Object({ ok: Type.Boolean() });

export type StatusResponse = Static<typeof StatusResponseSchema>;
export type Readiness = Static<typeof ReadinessSchema>;
