import { describe, expect, it } from 'vitest';
import { obj, parseFluxRef as r } from '../views/__fixtures__/builders.js';
import { Interner } from './intern.js';
import { slimObject } from './slim.js';

describe('Interner', () => {
  it('hands out one frozen copy of equal values and keeps their content', () => {
    const shared = new Interner();
    const a = shared.value({ status: 'Current', message: 'Ready: 1/1' });
    const b = shared.value({ status: 'Current', message: 'Ready: 1/1' });
    expect(b).toBe(a);
    expect(b).toEqual({ status: 'Current', message: 'Ready: 1/1' });
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => {
      (a as { status: string }).status = 'Failed';
    }).toThrow(TypeError);
    expect(shared.value({ status: 'Failed', message: 'Ready: 1/1' })).not.toBe(a);
  });

  it('freezes nested values and shares strings inside values it does not share', () => {
    const shared = new Interner();
    const images = shared.value(['nginx:1.27', 'busybox']);
    expect(Object.isFrozen(images)).toBe(true);
    const pod = shared.deep({ phase: 'Running', containers: [{ name: 'web', image: 'nginx:1.27' }] });
    expect(pod).toEqual({ phase: 'Running', containers: [{ name: 'web', image: 'nginx:1.27' }] });
    expect(Object.isFrozen(pod)).toBe(false);
  });

  it('keeps working when its table is full (starts over) and leaves long values alone', () => {
    const shared = new Interner();
    for (let i = 0; i < 60_000; i++) expect(shared.str(`ns-${i}`)).toBe(`ns-${i}`);
    const long = 'x'.repeat(1000);
    expect(shared.str(long)).toBe(long);
    const big = { message: long };
    expect(shared.value(big)).toEqual(big);
  });
});

describe('slimObject shares what repeats', () => {
  const labels = { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'x' };
  const deployment = (name: string) =>
    obj(r(`Deployment/default/${name}`), {
      labels: { ...labels, unrelated: name },
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
      status: {
        observedGeneration: 1,
        replicas: 1,
        readyReplicas: 1,
        updatedReplicas: 1,
        availableReplicas: 1,
      },
    });

  it('gives two workloads of one Kustomization the same labels, health, replicas and images objects', () => {
    const a = slimObject(deployment('a'));
    const b = slimObject(deployment('b'));
    expect(a.metadata.labels).toEqual(labels);
    expect(b.metadata.labels).toBe(a.metadata.labels);
    expect(b.health).toBe(a.health);
    expect(b.workload?.replicas).toBe(a.workload?.replicas);
    expect(b.workload?.images).toEqual(['nginx:1.27']);
    expect(b.workload?.images).toBe(a.workload?.images);
    expect(a.metadata.name).toBe('a');
    expect(b.metadata.name).toBe('b');
  });
});
