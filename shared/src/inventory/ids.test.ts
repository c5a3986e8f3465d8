import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InventoryIdError,
  formatInventoryId,
  formatObjRef,
  parseInventoryId,
  refFromPathSegments,
  refPathSegments,
} from './ids.js';

describe('inventory ids', () => {
  it('parses namespaced, cluster-scoped and core ids', () => {
    expect(parseInventoryId('flux-system_flux-system_source.toolkit.fluxcd.io_GitRepository')).toEqual({
      namespace: 'flux-system',
      name: 'flux-system',
      group: 'source.toolkit.fluxcd.io',
      kind: 'GitRepository',
    });
    expect(parseInventoryId('_flux-system__Namespace')).toEqual({
      namespace: '',
      name: 'flux-system',
      group: '',
      kind: 'Namespace',
    });
    expect(parseInventoryId('kube-system_metrics-server__Service').group).toBe('');
  });

  it('decodes __ as : in RBAC names', () => {
    const ref = parseInventoryId(
      '_metrics-server__system__auth-delegator_rbac.authorization.k8s.io_ClusterRoleBinding',
    );
    expect(ref.name).toBe('metrics-server:system:auth-delegator');
    expect(formatObjRef(ref)).toBe('ClusterRoleBinding/metrics-server:system:auth-delegator');
  });

  it('rejects malformed ids with a clear error', () => {
    for (const bad of [
      '',
      'nounderscore',
      'a_b',
      'ns__group_Kind',
      'ns_a_b_c_group_Kind',
      'ns_name_group_',
    ]) {
      expect(() => parseInventoryId(bad), bad).toThrow(InventoryIdError);
    }
  });

  it('round-trips any well-formed ref', () => {
    const segment = fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,20}[a-z0-9])?$/);
    const name = fc.array(segment, { minLength: 1, maxLength: 3 }).map(parts => parts.join(':'));
    fc.assert(
      fc.property(
        fc.record({
          namespace: fc.oneof(fc.constant(''), segment),
          name,
          group: fc.oneof(fc.constant(''), segment),
          kind: fc.stringMatching(/^[A-Z][A-Za-z]{0,15}$/),
        }),
        ref => {
          expect(parseInventoryId(formatInventoryId(ref))).toEqual(ref);
        },
      ),
    );
  });

  it('path segments: core group and no namespace are never empty, and read back', () => {
    const pod = { group: '', kind: 'Pod', namespace: 'default', name: 'web-1' };
    const ns = { group: '', kind: 'Namespace', namespace: '', name: 'apps' };
    const ks = { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', namespace: 'fs', name: 'a' };
    expect(refPathSegments(pod)).toEqual(['core', 'Pod', 'default', 'web-1']);
    expect(refPathSegments(ns)).toEqual(['core', 'Namespace', '_', 'apps']);
    for (const ref of [pod, ns, ks]) {
      const [group, kind, namespace, name] = refPathSegments(ref);
      expect(refFromPathSegments({ group, kind, namespace, name })).toEqual(ref);
    }
  });
});
