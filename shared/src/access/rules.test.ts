import { describe, expect, it } from 'vitest';
import { FLUX_KINDS, WORKLOAD_KINDS } from '../kinds/registry.js';
import { type ResourceRule, Visibility, rulesAllow } from './rules.js';

const KINDS = [...FLUX_KINDS, ...WORKLOAD_KINDS];
const KS = { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' };
const read: ResourceRule = { verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] };
const patchKs: ResourceRule = { verbs: ['patch'], apiGroups: [KS.group], resources: ['kustomizations'] };

describe('rulesAllow', () => {
  it('matches verb, group and resource, with * for any; a resourceNames limit does not allow listing all', () => {
    expect(rulesAllow([read], 'list', 'apps', 'deployments')).toBe(true);
    expect(rulesAllow([read], 'patch', 'apps', 'deployments')).toBe(false);
    expect(rulesAllow([patchKs], 'patch', KS.group, 'kustomizations')).toBe(true);
    expect(rulesAllow([patchKs], 'patch', KS.group, 'helmreleases')).toBe(false);
    expect(rulesAllow([{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }], 'list', '', 'pods')).toBe(
      true,
    );
    expect(
      rulesAllow(
        [{ verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }],
        'list',
        '',
        'pods',
      ),
    ).toBe(false);
    expect(rulesAllow([], 'list', '', 'pods')).toBe(false);
  });
});

describe('Visibility', () => {
  it('a team: its namespace only, patch where granted; Events follow the object they are about', () => {
    const v = new Visibility({
      kinds: KINDS,
      namespaceRules: new Map([
        ['team-a', [read, patchKs]],
        ['team-b', []],
      ]),
      clusterKinds: new Set(),
    });
    expect(v.everything).toBe(false);
    expect(v.canSee({ ...KS, namespace: 'team-a' })).toBe(true);
    expect(v.canSee({ ...KS, namespace: 'team-b' })).toBe(false);
    expect(v.canSee({ group: '', kind: 'Namespace', namespace: '' })).toBe(false);
    expect(v.namespaces).toEqual(['team-a']);
    expect(v.actionKinds()).toEqual([{ ...KS, namespaces: ['team-a'] }]);
    const event = (namespace: string) => ({
      id: `${namespace}/e`,
      namespace,
      type: 'Normal',
      reason: 'ReconciliationSucceeded',
      message: '',
      involvedObject: { kind: 'Kustomization', name: 'apps', namespace, apiVersion: `${KS.group}/v1` },
    });
    expect(v.canSeeEvent(event('team-a'))).toBe(true);
    expect(v.canSeeEvent(event('team-b'))).toBe(false);
  });

  it('everything: every kind in every namespace and the cluster kinds; nothing: sees nothing', () => {
    const all = new Visibility({
      kinds: KINDS,
      namespaceRules: new Map([
        ['a', [read]],
        ['b', [read]],
      ]),
      clusterKinds: new Set(KINDS.filter(k => !k.namespaced).map(k => `${k.group}/${k.kind}`)),
    });
    expect(all.everything).toBe(true);
    expect(all.actionKinds()).toEqual([]);
    const none = new Visibility({
      kinds: KINDS,
      namespaceRules: new Map([['a', []]]),
      clusterKinds: new Set(),
    });
    expect(none.seesAnything).toBe(false);
    expect(none.everything).toBe(false);
    expect(none.canSee({ ...KS, namespace: 'a' })).toBe(false);
  });

  it('the key is equal for equal rights, different when patch rights differ', () => {
    const make = (rules: ResourceRule[]) =>
      new Visibility({ kinds: KINDS, namespaceRules: new Map([['team-a', rules]]), clusterKinds: new Set() });
    expect(make([read]).key).toBe(make([read]).key);
    expect(make([read]).key).not.toBe(make([read, patchKs]).key);
  });
});
