import { describe, expect, it } from 'vitest';
import { controllerLinesFor, controllerOf, parseControllerLine, parseLogTime } from './flux-log.js';

// Lines in the shape helm-controller and kustomize-controller v1.x write them (zap JSON, ISO 8601 ts).
const HR_LINE =
  '{"level":"info","ts":"2026-09-27T16:07:09.001Z","msg":"running \'install\' action with timeout of 5m0s","controller":"helmrelease","controllerGroup":"helm.toolkit.fluxcd.io","controllerKind":"HelmRelease","HelmRelease":{"name":"podinfo","namespace":"podinfo"},"namespace":"podinfo","name":"podinfo","reconcileID":"bf8ecf87-0c23-4728-8a8f-989a2fc8b031"}';
const HR_ERROR =
  '{"level":"error","ts":"2026-09-27T16:12:09.350Z","msg":"Reconciler error","controller":"helmrelease","controllerGroup":"helm.toolkit.fluxcd.io","controllerKind":"HelmRelease","HelmRelease":{"name":"podinfo","namespace":"podinfo"},"namespace":"podinfo","name":"podinfo","reconcileID":"bf8ecf87","error":"context deadline exceeded"}';
const OTHER_HR =
  '{"level":"info","ts":"2026-09-27T16:05:37.985Z","msg":"release in-sync with desired state","controller":"helmrelease","controllerGroup":"helm.toolkit.fluxcd.io","controllerKind":"HelmRelease","HelmRelease":{"name":"cert-manager","namespace":"cert-manager"},"namespace":"cert-manager","name":"cert-manager","reconcileID":"3c1d68bf"}';
const SETUP =
  '{"level":"info","ts":"2026-09-27T16:05:14.812Z","msg":"starting server","name":"health probe","addr":"[::]:9440"}';
const KS_LINE =
  '{"level":"info","ts":"2026-09-27T16:05:40.000+0200","msg":"server-side apply completed","controller":"kustomization","controllerGroup":"kustomize.toolkit.fluxcd.io","controllerKind":"Kustomization","Kustomization":{"name":"podinfo","namespace":"podinfo"},"namespace":"podinfo","name":"podinfo","reconcileID":"aa","revision":"main@sha1:0123","output":{"Deployment/podinfo/podinfo":"configured"}}';

const podinfoHR = {
  group: 'helm.toolkit.fluxcd.io',
  kind: 'HelmRelease',
  namespace: 'podinfo',
  name: 'podinfo',
};

describe('parseControllerLine', () => {
  it('reads level, msg, error, controller, reconcileID and the object keys', () => {
    const line = parseControllerLine(HR_ERROR);
    expect(line).toMatchObject({
      level: 'error',
      msg: 'Reconciler error',
      error: 'context deadline exceeded',
      controller: 'helmrelease',
      reconcileID: 'bf8ecf87',
      ts: '2026-09-27T16:12:09.350Z',
      object: { kind: 'HelmRelease', namespace: 'podinfo', name: 'podinfo' },
    });
    // The object keys are not repeated as fields.
    expect(line?.fields).toEqual([]);
  });

  it('keeps other fields as compact text, in order', () => {
    expect(parseControllerLine(KS_LINE)?.fields).toEqual([
      { key: 'revision', value: 'main@sha1:0123' },
      { key: 'output', value: '{"Deployment/podinfo/podinfo":"configured"}' },
    ]);
  });

  it('gives setup lines no object, even with a `name` key', () => {
    const line = parseControllerLine(SETUP);
    expect(line?.object).toBeUndefined();
    expect(line?.fields).toEqual([{ key: 'addr', value: '[::]:9440' }]);
  });

  it('returns undefined for anything that is not a controller JSON line', () => {
    for (const bad of ['', 'I0101 12:00:00 klog text', '{not json', '[1,2]', '{"msg":"no level"}', 'null'])
      expect(parseControllerLine(bad)).toBeUndefined();
  });
});

describe('controllerLinesFor', () => {
  it('picks the lines that name the object, by kind, namespace and name', () => {
    const text = [SETUP, HR_LINE, OTHER_HR, 'panic: oops', HR_ERROR, ''].join('\n');
    const { scanned, lines } = controllerLinesFor(text, podinfoHR);
    expect(scanned).toBe(5);
    expect(lines.map(l => l.msg)).toEqual([
      "running 'install' action with timeout of 5m0s",
      'Reconciler error',
    ]);
    expect(controllerLinesFor(text, { ...podinfoHR, namespace: 'other' }).lines).toEqual([]);
    expect(controllerLinesFor(text, { ...podinfoHR, kind: 'Kustomization' }).lines).toEqual([]);
  });
});

describe('controllerOf', () => {
  it('maps each Flux group to its controller', () => {
    expect(controllerOf('source.toolkit.fluxcd.io', 'GitRepository')).toBe('source-controller');
    expect(controllerOf('kustomize.toolkit.fluxcd.io', 'Kustomization')).toBe('kustomize-controller');
    expect(controllerOf('helm.toolkit.fluxcd.io', 'HelmRelease')).toBe('helm-controller');
    expect(controllerOf('notification.toolkit.fluxcd.io', 'Alert')).toBe('notification-controller');
    expect(controllerOf('image.toolkit.fluxcd.io', 'ImagePolicy')).toBe('image-reflector-controller');
    expect(controllerOf('image.toolkit.fluxcd.io', 'ImageUpdateAutomation')).toBe(
      'image-automation-controller',
    );
    expect(controllerOf('infra.contrib.fluxcd.io', 'Terraform')).toBe('tofu-controller');
    expect(controllerOf('apps', 'Deployment')).toBeUndefined();
  });
});

describe('parseLogTime', () => {
  it('reads zap ISO 8601 with Z or a +hhmm offset', () => {
    expect(parseLogTime('2026-09-27T16:05:40.000Z')).toBe(Date.UTC(2026, 8, 27, 16, 5, 40));
    expect(parseLogTime('2026-09-27T16:05:40.000+0200')).toBe(Date.UTC(2026, 8, 27, 14, 5, 40));
    expect(parseLogTime('yesterday')).toBeUndefined();
  });
});
