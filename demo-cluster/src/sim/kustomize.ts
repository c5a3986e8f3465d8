/** kustomize-controller: dependencies, apply (with its changeset event), health checks, Ready. */
import { formatObjRef, splitApiVersion } from '@fluxscope/shared';
import type { KubeObject } from '../store/store.js';
import { applyObject } from './apply.js';
import { HR, KS } from './world.js';
import type { World } from './world.js';

/** Demo-time pauses: how long a dependency retry and a health check timeout last before speed scaling. */
export const DEPENDENCY_RETRY = 4;
export const HEALTH_TIMEOUT = 12;
export const HEALTH_RETRY = 10;

const refOf = (o: KubeObject) => ({
  group: splitApiVersion(o.apiVersion).group,
  kind: o.kind,
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name,
});

function kstatus(w: World, o: KubeObject): 'Current' | 'InProgress' | 'Failed' {
  const gk = o.kind === 'HelmRelease' ? HR : KS;
  const cur = w.get(gk, o.metadata.name);
  const ready = (
    (cur?.status?.['conditions'] as Array<{ type: string; status: string }> | undefined) ?? []
  ).find(c => c.type === 'Ready');
  if (ready?.status === 'True') return 'Current';
  return ready?.status === 'False' ? 'Failed' : 'InProgress';
}

export interface KustomizationHooks {
  /** Called with what an apply created, so the simulator can start those objects' own controllers. */
  onApplied(objects: KubeObject[]): void;
}

/** Reconciles until Ready=True (retrying on dependencies and failed health checks). */
export async function reconcileKustomization(
  w: World,
  name: string,
  hooks: KustomizationHooks,
): Promise<void> {
  const target = w.targetOf(KS, name);
  if (!target) return;
  const revision = String(target.status?.['lastAppliedRevision'] ?? '');
  const interval = String(target.spec?.['interval'] ?? '1m0s');
  const timeout = String(target.spec?.['timeout'] ?? interval);
  const sourceRef = target.spec?.['sourceRef'] as { kind: string; name: string };
  let applied = false;
  for (;;) {
    await w.whileSuspended(KS, name);
    while (!w.isReady(`source.toolkit.fluxcd.io/${sourceRef.kind}`, sourceRef.name)) await w.run.sleep(1);
    const notReady = ((target.spec?.['dependsOn'] as Array<{ name: string }> | undefined) ?? []).find(
      d => !w.isReady(KS, d.name),
    );
    if (notReady) {
      const ks = w.status(w.get(KS, name), (s, o) => {
        w.condition(
          s,
          o,
          'Ready',
          'False',
          'DependencyNotReady',
          `dependency '${'flux-system'}/${notReady.name}' is not ready`,
        );
        w.dropCondition(s, 'Reconciling');
      });
      w.event(
        ks,
        'Normal',
        'DependencyNotReady',
        `Dependencies do not meet ready condition, retrying in 30s`,
        'kustomize-controller',
        revision,
      );
      await w.run.sleep(DEPENDENCY_RETRY);
      continue;
    }
    const started = Date.now();
    w.status(w.get(KS, name), (s, o) => {
      w.condition(
        s,
        o,
        'Reconciling',
        'True',
        'Progressing',
        `Fetching manifests for revision ${revision} with a timeout of ${timeout}`,
      );
      w.condition(s, o, 'Ready', 'Unknown', 'Progressing', 'Reconciliation in progress');
    });
    await w.run.sleep(1);
    const children = w.applied.get(`ks/${name}`) ?? [];
    if (!applied) {
      const created = children.map(c => applyObject(w, c));
      applied = true;
      const changeset = created.map(c => `${formatObjRef(refOf(c))} created`).join('\n');
      const ks = w.status(w.get(KS, name), s => {
        s['lastAttemptedRevision'] = revision;
        // Like kustomize-controller: the inventory is recorded right after the apply, before health
        // checks, so a Kustomization that fails them still lists what it applied (root cause needs it).
        s['inventory'] = target.status?.['inventory'];
      });
      if (changeset) w.event(ks, 'Normal', 'Progressing', changeset, 'kustomize-controller', revision);
      hooks.onApplied(created);
    }
    if (target.spec?.['wait'] === true) {
      const checked = children.filter(c => c.kind === 'HelmRelease' || c.kind === 'Kustomization');
      w.status(w.get(KS, name), (s, o) => {
        w.condition(
          s,
          o,
          'Reconciling',
          'True',
          'Progressing',
          `Running health checks for revision ${revision} with a timeout of ${timeout}`,
        );
        w.condition(
          s,
          o,
          'Healthy',
          'Unknown',
          'Progressing',
          `Running health checks for revision ${revision} with a timeout of ${timeout}`,
        );
      });
      let waited = 0;
      let pending = checked.filter(c => kstatus(w, c) !== 'Current');
      while (
        pending.length > 0 &&
        (waited < HEALTH_TIMEOUT || pending.every(c => kstatus(w, c) === 'InProgress'))
      ) {
        await w.run.sleep(1);
        waited++;
        pending = checked.filter(c => kstatus(w, c) !== 'Current');
      }
      if (pending.length > 0) {
        const list = pending
          .map(c => `${c.kind}/${c.metadata.namespace}/${c.metadata.name} status: '${kstatus(w, c)}'`)
          .join(', ');
        const message = `health check failed after ${timeout.replace(/0s$/, '0.021s')}: timeout waiting for: [${list}]`;
        const ks = w.status(w.get(KS, name), (s, o) => {
          w.condition(s, o, 'Ready', 'False', 'HealthCheckFailed', message);
          w.condition(s, o, 'Healthy', 'False', 'HealthCheckFailed', message);
          w.dropCondition(s, 'Reconciling');
        });
        w.event(ks, 'Warning', 'HealthCheckFailed', message, 'kustomize-controller', revision);
        await w.run.sleep(HEALTH_RETRY);
        continue;
      }
    }
    const took = ((Date.now() - started) / 1000).toFixed(3);
    const done = w.status(w.get(KS, name), (s, o) => {
      const t = target.status ?? {};
      Object.assign(s, {
        lastAppliedRevision: revision,
        lastAttemptedRevision: revision,
        inventory: t['inventory'],
      });
      s['history'] = [
        {
          ...((t['history'] as object[] | undefined)?.[0] ?? {}),
          firstReconciled: w.now(),
          lastReconciled: w.now(),
          lastReconciledDuration: `${took}s`,
          totalReconciliations: 1,
        },
      ];
      w.dropCondition(s, 'Reconciling');
      w.condition(s, o, 'Ready', 'True', 'ReconciliationSucceeded', `Applied revision: ${revision}`);
      if (target.spec?.['wait'] === true)
        w.condition(s, o, 'Healthy', 'True', 'Succeeded', `Health check passed in ${took}s`);
    });
    w.event(
      done,
      'Normal',
      'ReconciliationSucceeded',
      `Reconciliation finished in ${took}s, next run in ${interval}`,
      'kustomize-controller',
      revision,
    );
    return;
  }
}
