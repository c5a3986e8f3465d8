import type { ClusterObject } from '@fluxscope/shared';
import { buildGraph, ClusterIndex } from '@fluxscope/shared';
import { describe, expect, it } from 'vitest';
import { liveNode } from './live';

const ks = (ready: 'True' | 'False', message: string, revision = 'main@sha1:abcdef1234'): ClusterObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system', uid: 'u', resourceVersion: message },
  spec: { path: './apps', sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  status: {
    lastAppliedRevision: revision,
    conditions: [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'Ok' : 'Failed', message }],
  },
});

describe('liveNode', () => {
  it('shows what buildGraph would show for the object now, keeping the node when nothing changed', () => {
    const index = new ClusterIndex();
    index.upsert(ks('True', 'applied'));
    const node = buildGraph(index).nodes.find(n => n.ref.kind === 'Kustomization')!;
    expect(liveNode(node, ks('True', 'applied'))).toBe(node);
    expect(liveNode(node, undefined)).toBe(node);

    const failing = ks('False', 'bench change 7', 'main@sha1:0123456789');
    const live = liveNode(node, failing);
    index.upsert(failing);
    const rebuilt = buildGraph(index).nodes.find(n => n.ref.kind === 'Kustomization')!;
    expect(live).toEqual(rebuilt);
    expect(live.state).toBe('failed');
  });
});
