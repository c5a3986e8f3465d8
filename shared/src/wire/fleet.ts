/**
 * The fleet on the wire: one compact summary per Flux object (a hub keeps one per object per cluster, one
 * key-value entry each, so it is kept small: no conditions, no spec, messages cut), one row per cluster, and
 * the fleet-wide failing list and search. Both fleet modes speak it: several kubeconfig contexts in one
 * process, and agents feeding a hub.
 */
import { type Static, Type } from '@sinclair/typebox';
import { FLUX_STATES } from '../status/states.js';
import { literals } from './literals.js';

const FluxStateWord = literals(FLUX_STATES);

/** One Flux object, summarized: what the fleet page lists and what fleet search looks in. */
export const FluxObjectSummarySchema = Type.Object(
  {
    kind: Type.String(),
    /** Absent when it is the kind's usual Flux group (registry), which is nearly always. */
    group: Type.Optional(Type.String()),
    /** '' for cluster-scoped. */
    namespace: Type.String(),
    name: Type.String(),
    state: FluxStateWord,
    /** The Ready condition's message and reason, the message cut to 200 characters. */
    message: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String()),
    suspended: Type.Optional(Type.Boolean()),
    /** The Ready condition's lastTransitionTime (ISO): when the object last changed state. */
    since: Type.Optional(Type.String()),
    /** Applied or fetched revision (lastAppliedRevision, artifact revision, installed chart version). */
    revision: Type.Optional(Type.String()),
    /** Sources: spec.url (Git, OCI, Helm repositories), `endpoint/bucketName` for a Bucket. */
    url: Type.Optional(Type.String()),
    /** HelmRelease, HelmChart: the chart's name and version (installed when known, else asked for). */
    chart: Type.Optional(Type.String()),
    chartVersion: Type.Optional(Type.String()),
    /** Images of the workloads it applied (inventory or Helm labels), or ImageRepository/ImagePolicy's image. */
    images: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'FluxObjectSummary' },
);

export const FleetConnectionStateSchema = literals([
  'connecting',
  'connected',
  'unreachable',
  'misconfigured',
] as const);

/** How a cluster is reached, as a fleet row says it. */
export const FleetConnectionSchema = Type.Object({
  state: FleetConnectionStateSchema,
  /** Why it is not connected, said plainly. */
  message: Type.Optional(Type.String()),
  /** The API server URL, or the agent's address. */
  server: Type.Optional(Type.String()),
  /**
   * Set when the data may be old: the API server has been silent past a bookmark interval (local), or the
   * agent stopped reporting (remote). ISO time it was last heard from; the row keeps its last known state.
   */
  staleSince: Type.Optional(Type.String()),
});

/** Count of objects per state word (every word present, zero when none). */
export const FleetStateCountsSchema = Type.Object(
  Object.fromEntries(FLUX_STATES.map(s => [s, Type.Integer()])) as Record<
    (typeof FLUX_STATES)[number],
    ReturnType<typeof Type.Integer>
  >,
);

/** One row of the fleet page. */
export const FleetClusterSchema = Type.Object(
  {
    /** The cluster's name in URLs (`/c/{name}/...`): the kubeconfig context, or the agent's cluster name. */
    name: Type.String(),
    connection: FleetConnectionSchema,
    /** The Flux distribution version (`app.kubernetes.io/version` of the Flux namespace or controllers). */
    fluxVersion: Type.Optional(Type.String()),
    demo: Type.Optional(Type.Boolean()),
    /** Flux objects in the summaries. */
    objects: Type.Integer(),
    states: FleetStateCountsSchema,
    /** Failed or stalled objects. */
    failing: Type.Integer(),
    /** The worst few failing objects, worst first, newest change first within a state. */
    topFailing: Type.Array(FluxObjectSummarySchema),
    /** ISO time of the newest state change among its objects. */
    lastChange: Type.Optional(Type.String()),
  },
  { $id: 'FleetCluster' },
);

/** What a cluster reports besides its object summaries, to make its row. */
export const FleetClusterInfoSchema = Type.Object({
  name: Type.String(),
  connection: FleetConnectionSchema,
  fluxVersion: Type.Optional(Type.String()),
  demo: Type.Optional(Type.Boolean()),
});

/** GET /api/v1/fleet. */
export const FleetResponseSchema = Type.Object({
  clusters: Type.Array(FleetClusterSchema),
  /** The cluster the un-prefixed routes (`/api/v1/...`, UI paths without `/c/`) mean. */
  defaultCluster: Type.String(),
});

/** One object somewhere in the fleet. */
export const FleetObjectSchema = Type.Object({
  cluster: Type.String(),
  object: FluxObjectSummarySchema,
});

/** GET /api/v1/fleet/failing: failed and stalled objects across the fleet, worst first. */
export const FleetFailingResponseSchema = Type.Object({
  items: Type.Array(FleetObjectSchema),
  /** All failing objects, when `items` was cut at the limit. */
  total: Type.Integer(),
});

export const FleetSearchFieldSchema = literals(['url', 'chart', 'image', 'name'] as const);

/** GET /api/v1/fleet/search?q=. */
export const FleetSearchQuerySchema = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 256 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const FleetSearchHitSchema = Type.Object({
  cluster: Type.String(),
  object: FluxObjectSummarySchema,
  /** Which reference matched, and its value. */
  field: FleetSearchFieldSchema,
  value: Type.String(),
  /** The whole reference equals the query (a chart's name, an image without its tag, a URL). */
  exact: Type.Boolean(),
});

export const FleetSearchResponseSchema = Type.Object({
  query: Type.String(),
  hits: Type.Array(FleetSearchHitSchema),
  /** Hits before the limit cut them; and the clusters the hits are in. */
  total: Type.Integer(),
  clusters: Type.Array(Type.String()),
});

export type FluxObjectSummary = Static<typeof FluxObjectSummarySchema>;
export type FleetConnectionState = Static<typeof FleetConnectionStateSchema>;
export type FleetConnection = Static<typeof FleetConnectionSchema>;
export type FleetStateCounts = Static<typeof FleetStateCountsSchema>;
export type FleetCluster = Static<typeof FleetClusterSchema>;
export type FleetClusterInfo = Static<typeof FleetClusterInfoSchema>;
export type FleetResponse = Static<typeof FleetResponseSchema>;
export type FleetObject = Static<typeof FleetObjectSchema>;
export type FleetFailingResponse = Static<typeof FleetFailingResponseSchema>;
export type FleetSearchField = Static<typeof FleetSearchFieldSchema>;
export type FleetSearchQuery = Static<typeof FleetSearchQuerySchema>;
export type FleetSearchHit = Static<typeof FleetSearchHitSchema>;
export type FleetSearchResponse = Static<typeof FleetSearchResponseSchema>;
