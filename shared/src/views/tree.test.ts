import { describe, expect, it } from 'vitest';
import type { ObjRef } from '../inventory/ids.js';
import { ClusterIndex } from '../index/cluster-index.js';
import { golden } from './__fixtures__/golden.js';
import { renderTreeText } from '../text/tree.js';
import {
  groupFor,
  helmLabels,
  inventory,
  ksLabels,
  obj,
  parseFluxRef,
  ready,
} from './__fixtures__/builders.js';
import { buildSeedIndex, seedKs } from './__fixtures__/seed.js';
import { NotFoundError } from './errors.js';
import { buildTree } from './tree.js';
import type { TreeNode } from './types.js';

const r = (text: string): ObjRef => parseFluxRef(text);
const lines = (node: TreeNode): string[] => [
  `${node.ref.kind}/${node.ref.name}`,
  ...node.children.flatMap(lines),
];

describe('buildTree (flux tree kustomization)', () => {
  const seed = buildSeedIndex();

  it.each([
    'flux-system',
    'infrastructure',
    'sources',
    'controlplane',
    'dataplane-pooled-envs',
    'dataplane-tenants',
    'dependencies',
  ])('reproduces the seed tree of %s', name => {
    expect(renderTreeText(buildTree(seed, seedKs(name)))).toBe(golden(`tree-${name}.txt`));
  });

  it('reproduces flux’s own example (tree.golden)', () => {
    const index = new ClusterIndex();
    const root = r('Kustomization/flux-system/flux-system');
    const infra = r('Kustomization/flux-system/infrastructure');
    index.upsert(
      obj(root, {
        status: {
          inventory: inventory([
            root,
            r('Namespace/flux-system'),
            r('Deployment/flux-system/helm-controller'),
            infra,
            r('GitRepository/flux-system/flux-system'),
          ]),
        },
      }),
    );
    index.upsert(
      obj(infra, {
        status: {
          inventory: inventory([r('Namespace/cert-manager'), r('HelmRepository/cert-manager/cert-manager')]),
        },
      }),
    );
    expect(renderTreeText(buildTree(index, root))).toBe(golden('tree-flux-example.txt'));
  });

  it('marks found objects with status or health, and dangling ones found=false', () => {
    const tree = buildTree(seed, seedKs('infrastructure'));
    const kubecost = tree.children.find(c => c.ref.name === 'kubecost' && c.ref.kind === 'HelmRelease');
    expect(kubecost?.status?.ready).toBe('True');
    expect(kubecost?.via).toBe('inventory');
    const deploy = kubecost?.children.find(c => c.ref.kind === 'Deployment');
    expect(deploy?.found).toBe(true);
    expect(deploy?.health).toBeDefined();
  });

  it('compact keeps only toolkit.fluxcd.io objects', () => {
    const tree = buildTree(seed, seedKs('sources'), { compact: true });
    expect(tree.children.every(c => c.ref.group.includes('toolkit.fluxcd.io'))).toBe(true);
    expect(tree.children.map(c => c.ref.kind)).toContain('OCIRepository');
    expect(
      tree.children.find(c => c.ref.name === 'capacitor' && c.ref.kind === 'Kustomization')?.children,
    ).toEqual([]);
  });

  it('falls back to Helm owner labels, in Helm install order, when the HelmRelease has no inventory', () => {
    const index = buildSeedIndex({ helmInventory: false });
    const hr = buildTree(index, r('HelmRelease/flux-system/kubecost'));
    const kinds = hr.children.map(c => c.ref.kind);
    expect(hr.children).toHaveLength(31);
    expect(kinds.indexOf('ServiceAccount')).toBeLessThan(kinds.indexOf('ConfigMap'));
    expect(kinds.lastIndexOf('Deployment')).toBe(kinds.length - 1);
    expect(hr.children.every(c => c.via === 'helm-labels')).toBe(true);
  });

  it('accepts a HelmRelease root and adds ReplicaSets/Pods only with owned', () => {
    const plain = buildTree(seed, r('HelmRelease/flux-system/kubecost'));
    expect(lines(plain)).not.toContain('Pod/kubecost-cost-analyzer-6c9f8d7b5-x2x7q');
    const owned = buildTree(seed, r('HelmRelease/flux-system/kubecost'), { owned: true });
    const deploy = owned.children.find(
      c => c.ref.name === 'kubecost-cost-analyzer' && c.ref.kind === 'Deployment',
    );
    expect(deploy?.children[0]?.ref.kind).toBe('ReplicaSet');
    expect(deploy?.children[0]?.children[0]?.ref.kind).toBe('Pod');
    expect(deploy?.children[0]?.via).toBe('owner');
    // The text never shows UI-only owner nodes.
    expect(renderTreeText(owned)).toBe(renderTreeText(plain));
  });

  it('throws NotFoundError for a missing root', () => {
    expect(() => buildTree(seed, seedKs('nope'))).toThrow(NotFoundError);
  });

  it('survives malformed ids, missing children, cycles and remote kubeConfig', () => {
    const index = new ClusterIndex();
    const a = r('Kustomization/ns/a');
    const b = r('Kustomization/ns/b');
    const remote = r('Kustomization/ns/remote');
    index.upsert(
      obj(a, {
        status: {
          inventory: {
            entries: [
              { id: 'garbage', v: 'v1' },
              { id: 'ns_b_kustomize.toolkit.fluxcd.io_Kustomization', v: 'v1' },
              { id: 'ns_gone_apps_Deployment', v: 'v1' },
              null,
            ],
          },
        },
      }),
    );
    index.upsert(obj(b, { status: { inventory: inventory([a, remote]) } }));
    index.upsert(
      obj(remote, {
        spec: { kubeConfig: { secretRef: { name: 'k' } } },
        status: { inventory: inventory([r('Kustomization/ns/far')]) },
      }),
    );
    const tree = buildTree(index, a);
    expect(tree.children[0]).toMatchObject({ ref: { kind: 'Invalid', name: 'garbage' }, found: false });
    expect(tree.children[0]?.error).toMatch(/malformed/);
    const bNode = tree.children[1];
    expect(bNode?.children[0]).toMatchObject({ ref: a, cycle: true, children: [] });
    expect(bNode?.children[1]?.ref).toEqual(remote);
    expect(tree.children[2]).toMatchObject({ found: false, children: [] });
    expect(tree.children).toHaveLength(4);
    expect(renderTreeText(tree)).toContain('├── Invalid/garbage\n');
  });

  it('appends labelled CRDs when install.crds is set, once', () => {
    const index = new ClusterIndex();
    const hr = r('HelmRelease/ns/app');
    const crd = {
      group: 'apiextensions.k8s.io',
      kind: 'CustomResourceDefinition',
      namespace: '',
      name: 'things.example.com',
    };
    const other = { ...crd, name: 'others.example.com' };
    index.upsert(
      obj(hr, {
        spec: { install: { crds: 'CreateReplace' } },
        status: { inventory: inventory([crd, r('Deployment/ns/app')]) },
      }),
    );
    index.upsert(obj(crd, { labels: helmLabels('ns', 'app') }));
    index.upsert(obj(other, { labels: helmLabels('ns', 'app') }));
    index.upsert(
      obj(r('Deployment/ns/app'), { labels: { ...helmLabels('ns', 'app'), ...ksLabels('ns', 'x') } }),
    );
    const names = buildTree(index, hr).children.map(c => c.ref.name);
    expect(names).toEqual(['things.example.com', 'app', 'others.example.com']);
    expect(groupFor('HelmRelease')).toBe('helm.toolkit.fluxcd.io');
    expect(ready('x').status).toBe('True');
  });

  it('leaves out the chart crds/ CRDs at the end of the inventory, as flux does, unless crds is set', () => {
    const crd = (name: string): ObjRef => ({
      group: 'apiextensions.k8s.io',
      kind: 'CustomResourceDefinition',
      namespace: '',
      name,
    });
    const build = (spec: Record<string, unknown>, entries: ObjRef[]) => {
      const index = new ClusterIndex();
      const hr = r('HelmRelease/ns/karpenter');
      index.upsert(obj(hr, { spec, status: { inventory: inventory(entries) } }));
      return buildTree(index, hr).children.map(c => c.ref.name);
    };
    const release = [
      r('ServiceAccount/ns/karpenter'),
      crd('templated.example.com'),
      r('Deployment/ns/karpenter'),
    ];
    const tail = [crd('nodepools.karpenter.sh'), crd('ec2nodeclasses.karpenter.k8s.aws')];
    expect(build({}, [...release, ...tail])).toEqual(['karpenter', 'templated.example.com', 'karpenter']);
    expect(build({ install: { crds: 'Skip' } }, [...release, ...tail])).toHaveLength(3);
    expect(build({ upgrade: { crds: 'CreateReplace' } }, [...release, ...tail])).toEqual([
      'karpenter',
      'templated.example.com',
      'karpenter',
      'ec2nodeclasses.karpenter.k8s.aws',
      'nodepools.karpenter.sh',
    ]);
    // Only CRDs: manifest or crds/ cannot be told apart, so nothing is hidden.
    expect(build({}, tail)).toEqual(['nodepools.karpenter.sh', 'ec2nodeclasses.karpenter.k8s.aws']);
  });
});
