/**
 * The wire contract holds what the views really return: every view over the seed, and the index's own
 * objects and events, check against their schemas (the server serializes them with these).
 */
import { Value } from '@sinclair/typebox/value';
import { type TSchema, Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../views/graph.js';
import { computeStats } from '../views/stats.js';
import { getAll } from '../views/get-all.js';
import { buildTrace } from '../views/trace.js';
import { buildTree } from '../views/tree.js';
import { buildTimeline } from '../views/timeline.js';
import { buildSeedIndex, seedKs } from '../views/__fixtures__/seed.js';
import { ClusterObjectSchema, FluxEventSchema } from './kube.js';
import {
  GetAllTableSchema,
  GraphModelSchema,
  StatsRowSchema,
  TimelineBarSchema,
  TraceResultSchema,
  TreeNodeSchema,
} from './views.js';

function expectValid(schema: TSchema, value: unknown): void {
  const errors = [...Value.Errors(schema, value)].slice(0, 3).map(e => `${e.path}: ${e.message}`);
  expect(errors).toEqual([]);
}

describe('wire schemas against the views over the seed', () => {
  const index = buildSeedIndex({ helmInventory: true });

  it('tree, trace, stats, get all, graph and timeline', () => {
    expectValid(TreeNodeSchema, buildTree(index, seedKs('flux-system'), { owned: true }));
    const deployment = [...index.all()].find(o => o.kind === 'Deployment');
    expect(deployment).toBeDefined();
    expectValid(
      TraceResultSchema,
      buildTrace(index, {
        group: 'apps',
        kind: 'Deployment',
        namespace: deployment!.metadata.namespace ?? '',
        name: deployment!.metadata.name,
      }),
    );
    expectValid(Type.Array(StatsRowSchema), computeStats(index, {}));
    expectValid(Type.Array(GetAllTableSchema), getAll(index, {}));
    expectValid(GraphModelSchema, buildGraph(index));
    expectValid(Type.Array(TimelineBarSchema), buildTimeline(index, {}));
  });

  it('objects and events as stored', () => {
    expectValid(Type.Array(ClusterObjectSchema), [...index.all()]);
    expectValid(Type.Array(FluxEventSchema), [...index.events()]);
  });
});
