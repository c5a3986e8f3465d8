import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, fleetNames, heartbeatKey, objectKey, parseKey } from './subjects.js';

const NATS_KEY = /^[-/_=.a-zA-Z0-9]+$/;

describe('fleet keys', () => {
  it('escapes dots and anything outside the NATS key alphabet, and reads it back', () => {
    for (const text of [
      'podinfo',
      'flux-system',
      'apps.v1',
      'a_b',
      'eu-west-1/prod',
      'ünïcode',
      '=3D',
      'x y*>',
    ]) {
      const token = encodeToken(text);
      expect(token).toMatch(/^[-_=a-zA-Z0-9]+$/);
      expect(decodeToken(token)).toBe(text);
    }
    expect(encodeToken('my.app')).toBe('my=2Eapp');
  });

  it('gives one four-token key per object and parses it back', () => {
    const key = objectKey('prod-eu', { kind: 'HelmRelease', namespace: 'team.a', name: 'web.frontend' });
    expect(key).toMatch(NATS_KEY);
    expect(key.split('.')).toHaveLength(4);
    expect(parseKey(key)).toEqual({
      type: 'object',
      cluster: 'prod-eu',
      kind: 'HelmRelease',
      namespace: 'team.a',
      name: 'web.frontend',
    });
    const clusterScoped = objectKey('c1', { kind: 'Namespace', namespace: '', name: 'apps' });
    expect(parseKey(clusterScoped)).toMatchObject({ namespace: '', name: 'apps' });
  });

  it('tells heartbeats from objects, and refuses keys no agent writes', () => {
    expect(parseKey(heartbeatKey('c1'))).toEqual({ type: 'heartbeat', cluster: 'c1' });
    expect(parseKey('c1.Kustomization.ns')).toBeUndefined();
    expect(parseKey('c1.Kustomization.ns.a.b')).toBeUndefined();
    expect(parseKey('c1.Kustomization.ns.=ZZ')).toBeUndefined();
    expect(parseKey('')).toBeUndefined();
  });

  it('keeps inbox prefixes and subjects per cluster', () => {
    const names = fleetNames();
    expect(names.drillSubject('a.b')).toBe('fluxscope.drill.a=2Eb');
    expect(names.inboxPrefix('a.b')).toBe('_INBOX_fluxscope_a_2Eb');
    expect(names.eventsSubject('c1')).toBe('fluxscope.events.c1');
  });
});
