import { describe, expect, it } from 'vitest';
import type { ClusterIndex } from '../index/cluster-index.js';
import type { FluxEvent } from '../kube/types.js';
import { parseFluxRef as r, ready } from './__fixtures__/builders.js';
import { buildSeedIndex, seedKs } from './__fixtures__/seed.js';
import { nextRetryAt, waitInfo, waitingOn } from './depends-on.js';
import { parseGoDuration } from './reconcile-history.js';
import { requiredBy } from './refs.js';
import { rootCause } from './root-cause.js';

const AT = '2026-01-01T10:00:00Z';
const ms = (iso: string) => Date.parse(iso);

function setReady(index: ClusterIndex, text: string, cond: ReturnType<typeof ready>): void {
  const o = index.get(r(text));
  if (!o) throw new Error(`fixture lacks ${text}`);
  index.upsert({ ...o, status: { ...o.status, conditions: [cond] } });
}

const waiting = (dep: string) =>
  ready(`dependency 'flux-system/${dep}' is not ready`, 'DependencyNotReady', 'False', AT);

function retryEvent(name: string, at: string, message: string): FluxEvent {
  return {
    id: `flux-system/${name}.${at}`,
    namespace: 'flux-system',
    type: 'Normal',
    reason: 'DependencyNotReady',
    message,
    involvedObject: { kind: 'Kustomization', name, namespace: 'flux-system' },
    lastTimestamp: at,
  };
}

describe('parseGoDuration', () => {
  it('reads what Go prints for a time.Duration', () => {
    expect(parseGoDuration('30s')).toBe(30_000);
    expect(parseGoDuration('1m0s')).toBe(60_000);
    expect(parseGoDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('soon')).toBeUndefined();
    expect(parseGoDuration('')).toBeUndefined();
  });
});

describe('nextRetryAt', () => {
  it('is the first retry after now on a fixed cadence', () => {
    expect(nextRetryAt(0, 30_000, 10_000)).toBe(30_000);
    expect(nextRetryAt(0, 30_000, 30_000)).toBe(60_000);
    expect(nextRetryAt(0, 30_000, 95_000)).toBe(120_000);
    expect(nextRetryAt(50_000, 30_000, 10_000)).toBe(80_000);
  });
});

describe('requiredBy', () => {
  it('lists the objects whose dependsOn names the object, sorted', () => {
    const index = buildSeedIndex();
    expect(
      requiredBy(index, seedKs('infrastructure'))
        .map(x => x.name)
        .sort(),
    ).toEqual(['controlplane', 'dependencies']);
    expect(requiredBy(index, seedKs('sources')).map(x => x.name)).toEqual(['infrastructure']);
    expect(requiredBy(index, seedKs('controlplane'))).toEqual([]);
  });
});

describe('waitInfo', () => {
  it('names the dependency that is not Ready now and when the controller retries', () => {
    const index = buildSeedIndex();
    setReady(index, 'Kustomization/flux-system/infrastructure', waiting('sources'));
    setReady(index, 'Kustomization/flux-system/sources', ready('failed', 'BuildFailed', 'False'));
    const info = waitInfo(index, seedKs('infrastructure'), ms('2026-01-01T10:00:40Z'));
    expect(info?.waitingFor.map(x => x.name)).toEqual(['sources']);
    expect(info?.dependencies).toEqual([{ ref: seedKs('sources'), state: 'failed', ready: false }]);
    expect(info?.dependenciesReady).toBe(false);
    expect(info?.since).toBe(AT);
    // No Event: the flag's default, counted from when Ready turned False.
    expect(info?.retryEveryFrom).toBe('default');
    expect(info?.nextRetry).toBe('2026-01-01T10:01:00.000Z');
    expect(waitingOn(index, index.get(seedKs('infrastructure'))!)).toEqual([seedKs('sources')]);
  });

  it("takes the interval and the last attempt from kustomize-controller's Event", () => {
    const index = buildSeedIndex();
    setReady(index, 'Kustomization/flux-system/infrastructure', waiting('sources'));
    setReady(index, 'Kustomization/flux-system/sources', ready('failed', 'BuildFailed', 'False'));
    index.upsertEvent(
      retryEvent(
        'infrastructure',
        '2026-01-01T10:02:10Z',
        'Dependencies do not meet ready condition, retrying in 1m0s',
      ),
    );
    const info = waitInfo(index, seedKs('infrastructure'), ms('2026-01-01T10:02:30Z'));
    expect(info?.retryEveryFrom).toBe('event');
    expect(info?.retryEveryMs).toBe(60_000);
    expect(info?.lastAttempt).toBe('2026-01-01T10:02:10.000Z');
    expect(info?.nextRetry).toBe('2026-01-01T10:03:10.000Z');
  });

  it('says the dependency is Ready now, and root cause names nobody', () => {
    const index = buildSeedIndex(); // sources is Ready in the seed
    setReady(index, 'Kustomization/flux-system/infrastructure', waiting('sources'));
    const info = waitInfo(index, seedKs('infrastructure'), ms('2026-01-01T10:00:05Z'));
    expect(info?.dependenciesReady).toBe(true);
    expect(info?.waitingFor).toEqual([]);
    expect(info?.dependencies[0]?.ready).toBe(true);
    expect(info?.nextRetry).toBe('2026-01-01T10:00:30.000Z');
    expect(rootCause(index, seedKs('infrastructure'))).toBeUndefined();
  });

  it('root cause skips an object that only waits on a Ready dependency', () => {
    const index = buildSeedIndex();
    // controlplane waits on infrastructure, which waits on sources, which is Ready: nobody is to blame.
    setReady(index, 'Kustomization/flux-system/infrastructure', waiting('sources'));
    setReady(index, 'Kustomization/flux-system/controlplane', waiting('infrastructure'));
    expect(rootCause(index, seedKs('controlplane'))).toBeUndefined();
    // Once sources fails, the chain leads to it, not to the waiting infrastructure.
    setReady(index, 'Kustomization/flux-system/sources', ready('boom', 'BuildFailed', 'False'));
    const cause = rootCause(index, seedKs('controlplane'));
    expect(cause?.culprit).toEqual(seedKs('sources'));
    expect(cause?.path.map(x => x.name)).toEqual(['controlplane', 'infrastructure', 'sources']);
  });

  it('is undefined for an object that does not wait', () => {
    expect(waitInfo(buildSeedIndex(), seedKs('sources'), 0)).toBeUndefined();
    expect(waitInfo(buildSeedIndex(), seedKs('nope'), 0)).toBeUndefined();
  });
});
