/**
 * The demo's Flux controller Pods log like the real controllers: controller-runtime's zap JSON with the
 * reconciled object's keys (`controller`, `controllerGroup`, `controllerKind`, `<Kind>`, `namespace`, `name`,
 * `reconcileID`), naming the demo's own objects and their current state (errors for failing ones).
 */
import { controllerOf } from '@fluxscope/shared';
import type { KubeObject } from '../store/store.js';
import { rng } from './profiles.js';

/** The Flux controller a Pod runs, from its name (`helm-controller-7f9c…`); undefined for other Pods. */
export function fluxControllerOfPod(podName: string, namespace: string): string | undefined {
  if (namespace !== 'flux-system') return undefined;
  return /^((?:source|kustomize|helm|notification|image-reflector|image-automation|tofu)-controller)(-|$)/.exec(
    podName,
  )?.[1];
}

const groupOf = (o: KubeObject): string => o.apiVersion.split('/')[0] ?? '';

/** The objects this controller reconciles, from the store's Flux objects. */
export function objectsOf(controller: string, fluxObjects: readonly KubeObject[]): KubeObject[] {
  return fluxObjects.filter(o => controllerOf(groupOf(o), o.kind) === controller);
}

function readyOf(o: KubeObject): { ready: boolean | undefined; message: string; revision?: string } {
  const conds =
    (o.status?.['conditions'] as Array<{ type?: string; status?: string; message?: string }>) ?? [];
  const ready = conds.find(c => c.type === 'Ready');
  const revision =
    (o.status?.['lastAppliedRevision'] as string | undefined) ??
    (o.status?.['artifact'] as { revision?: string } | undefined)?.revision;
  return {
    ready: ready ? ready.status === 'True' : undefined,
    message: ready?.message ?? '',
    ...(revision ? { revision } : {}),
  };
}

function okMessage(o: KubeObject, revision: string | undefined): string {
  switch (o.kind) {
    case 'GitRepository':
      return `no changes since last reconcilation: observed revision '${revision ?? 'main'}'`;
    case 'OCIRepository':
      return `no changes since last reconcilation: observed revision '${revision ?? 'latest'}'`;
    case 'HelmRepository':
      return 'no change in repository index';
    case 'HelmChart':
      return `artifact up-to-date with remote revision: '${revision ?? ''}'`;
    case 'Kustomization':
      return 'server-side apply completed';
    case 'HelmRelease':
      return 'release in-sync with desired state';
    default:
      return 'Reconciliation finished';
  }
}

/** One reconcile line for object `o` at time t (ms); failing objects log `Reconciler error` with their message. */
export function fluxLine(o: KubeObject, t: number, seed: string): string {
  const r = rng(seed);
  const uuid = [8, 4, 4, 4, 12]
    .map(n => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join(''))
    .join('-');
  const ns = o.metadata.namespace ?? '';
  const { ready, message, revision } = readyOf(o);
  const failing = ready === false && message !== '';
  const keys = {
    controller: o.kind.toLowerCase(),
    controllerGroup: groupOf(o),
    controllerKind: o.kind,
    [o.kind]: { name: o.metadata.name, namespace: ns },
    namespace: ns,
    name: o.metadata.name,
    reconcileID: uuid,
  };
  const ts = new Date(t).toISOString();
  if (failing)
    return JSON.stringify({ level: 'error', ts, msg: 'Reconciler error', ...keys, error: message });
  const extra =
    o.kind === 'Kustomization' && revision
      ? { revision, output: { [`Namespace/${ns}`]: 'unchanged' } }
      : revision
        ? { revision }
        : {};
  return JSON.stringify({ level: 'info', ts, msg: okMessage(o, revision), ...keys, ...extra });
}

/** Lines a controller writes at start, before any reconcile (no object keys). */
export function fluxStartupLines(controller: string, t: number): string[] {
  const ts = (d: number) => new Date(t + d).toISOString();
  return [
    JSON.stringify({ level: 'info', ts: ts(0), logger: 'setup', msg: 'starting manager' }),
    JSON.stringify({
      level: 'info',
      ts: ts(2),
      logger: 'controller-runtime.metrics',
      msg: 'Serving metrics server',
      bindAddress: ':8080',
      secure: false,
    }),
    JSON.stringify({
      level: 'info',
      ts: ts(3),
      msg: 'starting server',
      name: 'health probe',
      addr: '[::]:9440',
    }),
    JSON.stringify({
      level: 'info',
      ts: ts(110),
      logger: 'runtime',
      msg: 'Successfully acquired lease',
      lock: `flux-system/${controller}-leader-election`,
    }),
  ];
}
