import { describe, expect, it } from 'vitest';
import { pageTitle } from './page-title';
import { parseRoute } from './routes';

describe('pageTitle', () => {
  it('names the view', () => {
    expect(pageTitle(parseRoute('/'))).toBe('Map · Fluxscope');
    expect(pageTitle(parseRoute('/objects'))).toBe('Objects · Fluxscope');
    expect(pageTitle(parseRoute('/flux'))).toBe('Flux runtime · Fluxscope');
    expect(pageTitle(parseRoute('/reconciles'))).toBe('Slowest reconciles · Fluxscope');
    expect(pageTitle(parseRoute('/nowhere/at/all'))).toBe('Not found · Fluxscope');
  });

  it('names the object, with its namespace when it has one', () => {
    expect(pageTitle(parseRoute('/object/helm.toolkit.fluxcd.io/HelmRelease/flux-system/karpenter'))).toBe(
      'HelmRelease flux-system/karpenter · Fluxscope',
    );
    expect(pageTitle(parseRoute('/object/core/Namespace/_/argo-events'))).toBe(
      'Namespace argo-events · Fluxscope',
    );
    expect(pageTitle(parseRoute('/trace/apps/Deployment/kubecost/kubecost-cost-analyzer'))).toBe(
      'Trace of Deployment kubecost/kubecost-cost-analyzer · Fluxscope',
    );
  });

  it('names the fleet page, and the cluster of a page under /c/{cluster}/', () => {
    expect(pageTitle(parseRoute('/fleet'))).toBe('Fleet · Fluxscope');
    expect(pageTitle(parseRoute('/c/staging-us-east-1/objects'), 'staging-us-east-1')).toBe(
      'Objects · staging-us-east-1 · Fluxscope',
    );
  });
});
