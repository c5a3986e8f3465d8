// @vitest-environment happy-dom
import type { ClusterObject } from '@fluxscope/shared';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithCluster } from '../test-support/cluster';
import { useClusterObject, useFluxMemo } from './cluster-context';

afterEach(cleanup);

const KS_GROUP = 'kustomize.toolkit.fluxcd.io';
const ks = (name: string, rv: string, ready = 'True'): ClusterObject => ({
  apiVersion: `${KS_GROUP}/v1`,
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system', uid: name, resourceVersion: rv },
  status: { conditions: [{ type: 'Ready', status: ready, reason: 'x', message: `rv ${rv}` }] },
});
const pod = (rv: string): ClusterObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'app', uid: 'web', resourceVersion: rv },
});
const keyOf = (name: string) => `${KS_GROUP}/Kustomization/flux-system/${name}`;

const renders = new Map<string, number>();
const count = (name: string) => renders.set(name, (renders.get(name) ?? 0) + 1);

function Node({ name }: { name: string }) {
  count(name);
  const obj = useClusterObject(keyOf(name));
  return <li>{obj ? `${name}: rv ${obj.metadata.resourceVersion}` : `${name}: gone`}</li>;
}

function FluxCount() {
  count('flux');
  const n = useFluxMemo(index => [...index.fluxObjects()].length, []);
  return <p>{n} Flux objects</p>;
}

describe('cluster hooks over the store', () => {
  it('re-renders a component following one object only when that object changes', async () => {
    renders.clear();
    const t = await renderWithCluster(
      <ul>
        <Node name="a" />
        <Node name="b" />
      </ul>,
      { objects: [ks('a', '1'), ks('b', '1')] },
    );
    expect(screen.getByText('a: rv 1')).toBeTruthy();
    const before = { a: renders.get('a'), b: renders.get('b') };
    t.apply({ op: 'upsert', object: ks('a', '2') });
    expect(screen.getByText('a: rv 2')).toBeTruthy();
    expect(renders.get('a')).toBe(before.a! + 1);
    expect(renders.get('b')).toBe(before.b);
    t.apply({
      op: 'delete',
      ref: { group: KS_GROUP, kind: 'Kustomization', namespace: 'flux-system', name: 'b' },
    });
    expect(screen.getByText('b: gone')).toBeTruthy();
  });

  it('recomputes a Flux memo for Flux changes, not for Pod churn', async () => {
    renders.clear();
    let computed = 0;
    function Counted() {
      const n = useFluxMemo(index => {
        computed++;
        return [...index.fluxObjects()].length;
      }, []);
      return <p>{n} Flux objects</p>;
    }
    const t = await renderWithCluster(
      <>
        <Counted />
        <FluxCount />
      </>,
      { objects: [ks('a', '1'), pod('1')] },
    );
    expect(screen.getAllByText('1 Flux objects')).toHaveLength(2);
    const after = computed;
    t.apply({ op: 'upsert', object: pod('2') });
    t.apply({ op: 'upsert', object: pod('3') });
    expect(computed).toBe(after);
    t.apply({ op: 'upsert', object: ks('c', '1') });
    expect(computed).toBe(after + 1);
    expect(screen.getAllByText('2 Flux objects')).toHaveLength(2);
  });
});
