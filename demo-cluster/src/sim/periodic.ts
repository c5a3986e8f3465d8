/**
 * Life after the replay: every object reconciles on its interval (events aggregate, history counts up), and
 * client writes are honoured as Flux honours them: `reconcile.fluxcd.io/requestedAt` triggers a reconciliation
 * that ends with status.lastHandledReconcileAt set (plus forceAt/resetAt for HelmReleases), `spec.suspend`
 * stops all of that until resumed, and resuming reconciles at once.
 */
import { isFluxGroup, splitApiVersion } from '@fluxscope/shared';
import type { KubeObject } from '../store/store.js';
import { gkOf } from '../store/store.js';
import type { World } from './world.js';

const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
type Cond = { type: string; status: string; reason: string; message: string };

const COMPONENT: Record<string, string> = {
  'source.toolkit.fluxcd.io': 'source-controller',
  'kustomize.toolkit.fluxcd.io': 'kustomize-controller',
  'helm.toolkit.fluxcd.io': 'helm-controller',
  'image.toolkit.fluxcd.io': 'image-reflector-controller',
  'infra.contrib.fluxcd.io': 'tf-controller',
};

const readyOf = (o: KubeObject | undefined): Cond | undefined =>
  ((o?.status?.['conditions'] as Cond[] | undefined) ?? []).find(c => c.type === 'Ready');

/** One reconciliation of an object that is in sync: what the controllers write and say when nothing changed. */
async function reconcileInSync(w: World, obj: KubeObject, handled?: string): Promise<void> {
  const gk = gkOf(obj);
  const { name, namespace } = obj.metadata;
  const group = splitApiVersion(obj.apiVersion).group;
  const component = COMPONENT[group] ?? 'flux';
  const before = readyOf(w.store.get(gk, namespace, name));
  const flip = before?.status === 'True';
  if (flip) {
    w.status(w.store.get(gk, namespace, name), (s, o) => {
      w.condition(s, o, 'Reconciling', 'True', 'Progressing', 'Reconciliation in progress');
      w.condition(s, o, 'Ready', 'Unknown', 'Progressing', 'Reconciliation in progress');
    });
    await w.run.sleep(1);
  }
  const cur = w.store.get(gk, namespace, name);
  if (!cur) return;
  const annotations = cur.metadata.annotations ?? {};
  let event: [string, string] | undefined;
  const updated = w.status(cur, (s, o) => {
    if (handled) s['lastHandledReconcileAt'] = handled;
    w.dropCondition(s, 'Reconciling');
    if (flip && before) w.condition(s, o, 'Ready', 'True', before.reason, before.message);
    const artifact = s['artifact'] as { revision?: string; lastUpdateTime?: string } | undefined;
    if (o.kind === 'Kustomization') {
      const h = (s['history'] as Array<Record<string, unknown>> | undefined)?.[0];
      if (h)
        Object.assign(h, {
          lastReconciled: w.now(),
          totalReconciliations: Number(h['totalReconciliations'] ?? 0) + 1,
        });
      if (flip)
        event = [
          'ReconciliationSucceeded',
          `Reconciliation finished in 1.${(Date.now() % 900) + 100}s, next run in ${String(o.spec?.['interval'] ?? '1m0s')}`,
        ];
    } else if (artifact && flip) {
      artifact.lastUpdateTime = w.now();
      event = ['ArtifactUpToDate', `artifact up-to-date with remote revision: '${artifact.revision ?? ''}'`];
    } else if (o.kind === 'HelmRelease' && handled) {
      if (annotations['reconcile.fluxcd.io/resetAt'] === handled) {
        Object.assign(s, {
          lastHandledResetAt: handled,
          failures: 0,
          installFailures: 0,
          upgradeFailures: 0,
        });
        w.dropCondition(s, 'Stalled');
      }
      if (annotations['reconcile.fluxcd.io/forceAt'] === handled && flip) {
        s['lastHandledForceAt'] = handled;
        const history = (s['history'] as Array<Record<string, unknown>> | undefined) ?? [];
        const latest = history[0] ?? {};
        const version = Number(latest['version'] ?? 1) + 1;
        const msg = `Helm upgrade succeeded for release ${String(latest['namespace'])}/${String(latest['name'])}.v${version} with chart ${String(latest['chartName'])}@${String(latest['chartVersion'])}`;
        // helm-controller keeps the new snapshot and the previous deployed one (Snapshots.Truncate).
        s['history'] = [
          { ...latest, version, action: 'upgrade', status: 'deployed', lastDeployed: w.now() },
          { ...latest, status: 'superseded' },
        ];
        s['lastAttemptedReleaseAction'] = 'upgrade';
        w.condition(s, o, 'Released', 'True', 'UpgradeSucceeded', msg);
        w.condition(s, o, 'Ready', 'True', 'UpgradeSucceeded', msg);
        event = ['UpgradeSucceeded', msg];
      }
    }
  });
  if (event)
    w.event(
      updated,
      'Normal',
      event[0],
      event[1],
      component,
      String(
        updated?.status?.['lastAppliedRevision'] ??
          (updated?.status?.['artifact'] as { revision?: string } | undefined)?.revision ??
          '',
      ),
    );
}

export function onReconcileRequest(w: World, before: KubeObject, after: KubeObject): void {
  if (!isFluxGroup(splitApiVersion(after.apiVersion).group)) return;
  if (after.spec?.['suspend'] === true) return;
  const requested = after.metadata.annotations?.[REQUESTED_AT];
  const resumed = before.spec?.['suspend'] === true;
  if (requested && requested !== before.metadata.annotations?.[REQUESTED_AT]) {
    void w.run.spawn(async () => {
      await w.run.sleep(0.3);
      await reconcileInSync(w, after, requested);
    });
  } else if (resumed) {
    void w.run.spawn(() => reconcileInSync(w, after));
  }
}

/** Every object on its interval (scaled), spread out; suspended objects are skipped like the controllers do. */
export async function periodicReconciliations(w: World): Promise<void> {
  const RECONCILED = [
    'kustomize.toolkit.fluxcd.io/Kustomization',
    'source.toolkit.fluxcd.io/GitRepository',
    'source.toolkit.fluxcd.io/OCIRepository',
    'source.toolkit.fluxcd.io/HelmRepository',
  ];
  for (;;) {
    const due = RECONCILED.flatMap(gk => w.store.list(gk)).filter(
      o => o.spec?.['suspend'] !== true && readyOf(o)?.status === 'True',
    );
    for (const o of due) {
      await w.run.sleep(60 / Math.max(1, due.length));
      const cur = w.store.get(gkOf(o), o.metadata.namespace, o.metadata.name);
      if (cur && cur.spec?.['suspend'] !== true && readyOf(cur)?.status === 'True')
        await reconcileInSync(w, cur);
    }
    if (due.length === 0) await w.run.sleep(60);
  }
}
