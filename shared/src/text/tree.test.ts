import { describe, expect, it } from 'vitest';
import type { TreeNode } from '../views/types.js';
import { renderTreeJsonText, renderTreeText, treeToFluxJson } from './tree.js';

const node = (
  kind: string,
  namespace: string,
  name: string,
  children: TreeNode[] = [],
  group = '',
): TreeNode => ({
  ref: { group, kind, namespace, name },
  found: true,
  children,
});

describe('tree text and json', () => {
  const tree = node(
    'Kustomization',
    'flux-system',
    'apps',
    [node('Namespace', '', 'a&b'), node('Deployment', 'a', 'web', [], 'apps')],
    'kustomize.toolkit.fluxcd.io',
  );

  it('ends with the Println newline after the last line', () => {
    expect(renderTreeText(node('Kustomization', 'ns', 'leaf'))).toBe('Kustomization/ns/leaf\n\n');
  });

  it('uses Go field names, omits empty resources and escapes like encoding/json', () => {
    expect(treeToFluxJson(tree)).toEqual({
      resource: {
        Namespace: 'flux-system',
        Name: 'apps',
        GroupKind: { Group: 'kustomize.toolkit.fluxcd.io', Kind: 'Kustomization' },
      },
      resources: [
        { resource: { Namespace: '', Name: 'a&b', GroupKind: { Group: '', Kind: 'Namespace' } } },
        { resource: { Namespace: 'a', Name: 'web', GroupKind: { Group: 'apps', Kind: 'Deployment' } } },
      ],
    });
    const text = renderTreeJsonText(tree);
    expect(text).toContain('"Name": "a\\u0026b"');
    expect(text.startsWith('{\n  "resource": {\n    "Namespace": "flux-system",')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('skips owner-only nodes in both forms', () => {
    const withPod = node('HelmRelease', 'ns', 'hr', [{ ...node('Pod', 'ns', 'p'), via: 'owner' }]);
    expect(renderTreeText(withPod)).toBe('HelmRelease/ns/hr\n\n');
    expect(treeToFluxJson(withPod).resources).toBeUndefined();
  });
});
