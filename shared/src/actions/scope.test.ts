import { describe, expect, it } from 'vitest';
import type { ClusterObject } from '../kube/types.js';
import { actionScopeRefusal, outsideNamespaces } from './scope.js';

const KS = 'kustomize.toolkit.fluxcd.io';
const ks = (namespace: string, name: string, sourceNamespace?: string): ClusterObject => ({
  apiVersion: `${KS}/v1`,
  kind: 'Kustomization',
  metadata: { name, namespace },
  spec: {
    sourceRef: {
      kind: 'GitRepository',
      name: 'repo',
      ...(sourceNamespace ? { namespace: sourceNamespace } : {}),
    },
  },
});
const ref = (namespace: string, name: string) => ({ group: KS, kind: 'Kustomization', namespace, name });

describe('actions under --namespaces', () => {
  it('whole cluster: everything is inside', () => {
    expect(outsideNamespaces(ref('flux-system', 'a'), undefined)).toBeUndefined();
    expect(actionScopeRefusal(ref('x', 'a'), ks('x', 'a', 'y'), true, undefined)).toBeUndefined();
  });

  it('the target must be in a watched namespace', () => {
    expect(actionScopeRefusal(ref('flux-system', 'a'), undefined, false, ['tenant-a'])).toBe(
      'Kustomization/flux-system/a is outside the namespaces this server is limited to (--namespaces tenant-a)',
    );
    expect(actionScopeRefusal(ref('tenant-a', 'a'), undefined, false, ['tenant-a'])).toBeUndefined();
  });

  it('withSource: so must its source, from the cached object', () => {
    expect(
      actionScopeRefusal(ref('tenant-a', 'a'), ks('tenant-a', 'a', 'flux-system'), true, ['tenant-a']),
    ).toBe(
      'withSource: the source GitRepository/flux-system/repo is outside the namespaces this server is limited to (--namespaces tenant-a)',
    );
    expect(
      actionScopeRefusal(ref('tenant-a', 'a'), ks('tenant-a', 'a', 'flux-system'), false, ['tenant-a']),
    ).toBeUndefined();
    expect(actionScopeRefusal(ref('tenant-a', 'a'), ks('tenant-a', 'a'), true, ['tenant-a'])).toBeUndefined();
    expect(
      actionScopeRefusal(ref('tenant-a', 'a'), ks('tenant-a', 'a', 'flux-system'), true, [
        'tenant-a',
        'flux-system',
      ]),
    ).toBeUndefined();
  });
});
