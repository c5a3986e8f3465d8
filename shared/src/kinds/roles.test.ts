import { describe, expect, it } from 'vitest';
import { KUSTOMIZE_GROUP } from './registry.js';
import { isTreeRootKind, kindShortName, treeRootKind } from './roles.js';

describe('kind roles', () => {
  it('flux tree starts from a Kustomization or a HelmRelease, named in any case', () => {
    expect(treeRootKind('kustomization')).toMatchObject({ kind: 'Kustomization', group: KUSTOMIZE_GROUP });
    expect(treeRootKind('HELMRELEASE')?.kind).toBe('HelmRelease');
    expect(treeRootKind('GitRepository')).toBeUndefined();
    expect(isTreeRootKind('HelmRelease')).toBe(true);
    expect(isTreeRootKind('helmrelease')).toBe(false);
  });

  it('short marks: listed ones, else the capitals, else the first letters', () => {
    expect(kindShortName('Kustomization')).toBe('KS');
    expect(kindShortName('VirtualMachineInstance')).toBe('VMI');
    expect(kindShortName('widget')).toBe('WID');
  });
});
