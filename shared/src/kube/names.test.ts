import { describe, expect, it } from 'vitest';
import {
  isDns1123Label,
  isDns1123Subdomain,
  isPathSegmentName,
  namespaceNameProblem,
  objectNameProblem,
} from './names.js';

describe('Kubernetes names per position', () => {
  it('DNS-1123 labels (namespaces)', () => {
    for (const ok of ['a', 'flux-system', 'a1', '1a', 'x'.repeat(63)])
      expect(isDns1123Label(ok), ok).toBe(true);
    for (const bad of ['', '.', '..', '-a', 'a-', 'A', 'a.b', 'a_b', 'x'.repeat(64), 'a/b', 'a%2Fb'])
      expect(isDns1123Label(bad), bad).toBe(false);
  });

  it('DNS-1123 subdomains (Flux objects and most kinds)', () => {
    for (const ok of [
      'podinfo',
      'flux-system-metrics-server',
      'eventbus.argoproj.io',
      'a.b-c.d',
      'x'.repeat(253),
    ])
      expect(isDns1123Subdomain(ok), ok).toBe(true);
    for (const bad of ['', '.', '..', '.a', 'a.', 'a..b', 'a.-b', 'Podinfo', 'a:b', 'a/b', 'x'.repeat(254)])
      expect(isDns1123Subdomain(bad), bad).toBe(false);
  });

  it('path segment names (RBAC)', () => {
    for (const ok of ['system:controller:x', 'Admin', 'a.b']) expect(isPathSegmentName(ok), ok).toBe(true);
    for (const bad of ['', '.', '..', 'a/b', 'a%2F']) expect(isPathSegmentName(bad), bad).toBe(false);
  });

  it('problems say which rule, by position and group', () => {
    expect(objectNameProblem('kustomize.toolkit.fluxcd.io', '..')).toContain('DNS-1123 subdomain');
    expect(objectNameProblem('kustomize.toolkit.fluxcd.io', 'apps')).toBeUndefined();
    expect(objectNameProblem('rbac.authorization.k8s.io', 'system:controller:x')).toBeUndefined();
    expect(objectNameProblem('rbac.authorization.k8s.io', '.')).toContain('no "."');
    expect(objectNameProblem('', 'system:x')).toContain('DNS-1123 subdomain');
    expect(namespaceNameProblem('..')).toContain('DNS-1123 label');
    expect(namespaceNameProblem('flux-system')).toBeUndefined();
  });
});
