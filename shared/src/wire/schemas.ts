/**
 * The cluster as a whole on the wire: watch state per kind, the connection, the snapshot and the SSE stream's
 * change batches, and the error body of every route. The server declares and documents these (OpenAPI);
 * both sides take their TypeScript types from `Static<>`.
 */
import { type Static, Type } from '@sinclair/typebox';
import { ClusterObjectSchema, FluxEventSchema, ObjRefSchema } from './kube.js';

/**
 * Per watched kind: is it served, is its first list loaded, and what went wrong last. The list names exactly the
 * kinds the server watches (snapshot `kinds`, `GET /api/v1/status`): an inventory entry of another kind, or of a
 * kind not served, is "not watched" rather than missing.
 */
export const KindStateSchema = Type.Object(
  {
    group: Type.String(),
    kind: Type.String(),
    /** The version watched; absent when the kind is not served. */
    version: Type.Optional(Type.String()),
    served: Type.Boolean(),
    synced: Type.Boolean(),
    flux: Type.Boolean(),
    count: Type.Integer(),
    /** e.g. 'forbidden', 'not-served', 'unreachable', 'watch-error'. */
    errorCode: Type.Optional(Type.String()),
    error: Type.Optional(Type.String()),
    /** ISO time of the last event or bookmark seen on this kind's watch. */
    lastActivity: Type.Optional(Type.String()),
    /** Namespaces this kind is watched in, when the server runs namespace-scoped. */
    namespaces: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'KindState' },
);

export const ConnectionStateSchema = Type.Object(
  {
    state: Type.Union([
      Type.Literal('connecting'),
      Type.Literal('connected'),
      Type.Literal('unreachable'),
      Type.Literal('misconfigured'),
    ]),
    /** Where the API server is (URL) and which context. */
    server: Type.Optional(Type.String()),
    context: Type.Optional(Type.String()),
    /** Why we are not connected, said plainly. */
    message: Type.Optional(Type.String()),
    since: Type.String(),
    /** True when the cluster is Fluxscope's built-in demo cluster. */
    demo: Type.Boolean(),
    demoScenario: Type.Optional(Type.String()),
    /** True when no Flux CRDs are served at all. */
    fluxMissing: Type.Optional(Type.Boolean()),
    /** ISO time of the newest change the server saw from the API server. */
    lastUpdate: Type.Optional(Type.String()),
    /**
     * Connected, but nothing (no event, no bookmark, no answer) heard from the API server for longer than a
     * bookmark interval plus margin: it may be hung, and the data may be old. `lastHeard`: when it last spoke.
     */
    stale: Type.Optional(Type.Boolean()),
    lastHeard: Type.Optional(Type.String()),
    /** The server was started with --enable-actions (reconcile, suspend, resume). */
    actionsEnabled: Type.Optional(Type.Boolean()),
    /** Pod logs are offered (false with --disable-logs: the chart's logs.enabled=false). */
    logsEnabled: Type.Optional(Type.Boolean()),
    /**
     * With actions: the Flux kinds the server's identity may patch (SelfSubjectAccessReview); a kind absent
     * here is not permitted. `namespaces` when permitted only there (namespace-scoped mode).
     */
    actionKinds: Type.Optional(
      Type.Array(
        Type.Object({
          group: Type.String(),
          kind: Type.String(),
          namespaces: Type.Optional(Type.Array(Type.String())),
        }),
      ),
    ),
    /** Namespace-scoped mode (--namespaces): only these namespaces are watched. */
    namespaces: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'ConnectionState' },
);

export const SnapshotSchema = Type.Object(
  {
    /** Stream sequence number this snapshot is current at: resume the stream after it. */
    seq: Type.Integer(),
    objects: Type.Array(ClusterObjectSchema),
    events: Type.Array(FluxEventSchema),
    kinds: Type.Array(KindStateSchema),
    connection: ConnectionStateSchema,
  },
  { $id: 'Snapshot' },
);

/** One change, as carried in a stream batch. */
export const ChangeSchema = Type.Union(
  [
    Type.Object({ op: Type.Literal('upsert'), object: ClusterObjectSchema }),
    Type.Object({ op: Type.Literal('delete'), ref: ObjRefSchema }),
    Type.Object({ op: Type.Literal('event'), event: FluxEventSchema }),
    Type.Object({ op: Type.Literal('event-delete'), id: Type.String() }),
    Type.Object({ op: Type.Literal('kinds'), kinds: Type.Array(KindStateSchema) }),
    Type.Object({ op: Type.Literal('connection'), connection: ConnectionStateSchema }),
  ],
  { $id: 'Change' },
);

/**
 * The data of one SSE message (`event: changes`, `id: <seq>`): the changes the server coalesced in one tick.
 * A client that resumes with a Last-Event-ID the server no longer holds gets `event: reset` instead and
 * reloads the snapshot.
 */
export const ChangeBatchSchema = Type.Object(
  { seq: Type.Integer(), changes: Type.Array(ChangeSchema) },
  { $id: 'ChangeBatch' },
);

export const ErrorResponseSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    /** On a 401: what the server wants, a token (the app asks for it) or an authenticating proxy. */
    auth: Type.Optional(Type.Union([Type.Literal('token'), Type.Literal('proxy')])),
  },
  { $id: 'ErrorResponse' },
);

export type Snapshot = Static<typeof SnapshotSchema>;
export type KindState = Static<typeof KindStateSchema>;
export type ConnectionState = Static<typeof ConnectionStateSchema>;
export type ActionKind = NonNullable<ConnectionState['actionKinds']>[number];
export type Change = Static<typeof ChangeSchema>;
export type ChangeBatch = Static<typeof ChangeBatchSchema>;
export type ErrorResponse = Static<typeof ErrorResponseSchema>;
