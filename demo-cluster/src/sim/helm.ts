/** helm-controller: chart, install (waiting for workloads), failure with remediation and retries. */
import type { KubeObject } from '../store/store.js';
import { applyObject, deleteObjects } from './apply.js';
import { reconcileHelmChart } from './sources.js';
import { HR } from './world.js';
import type { World } from './world.js';

export const INSTALL_WAIT = 3;
export const INSTALL_TIMEOUT = 5;

export interface HelmHooks {
  onApplied(objects: KubeObject[]): void;
  /** After the first install attempt, whatever its outcome (the replay installs releases one by one). */
  onFirstAttempt?(): void;
}

/** Installs the release; returns when it is installed or has given up (Stalled). */
export async function reconcileHelmRelease(w: World, name: string, hooks: HelmHooks): Promise<void> {
  const target = w.targetOf(HR, name);
  if (!target) return;
  const spec = target.spec as {
    releaseName: string;
    targetNamespace: string;
    chart: { spec: { chart: string; version: string; sourceRef: { name: string } } };
    install?: { remediation?: { retries?: number } };
  };
  const { chart, version } = spec.chart.spec;
  const release = `${spec.targetNamespace}/${spec.releaseName}`;
  const failing = w.opts.failing.has(name);
  await w.whileSuspended(HR, name);
  while (!w.get('source.toolkit.fluxcd.io/HelmRepository', spec.chart.spec.sourceRef.name))
    await w.run.sleep(1);
  await reconcileHelmChart(w, name);
  let firstDone = false;
  const first = () => {
    if (!firstDone) hooks.onFirstAttempt?.();
    firstDone = true;
  };
  for (let attempt = 1; ; attempt++) {
    await w.whileSuspended(HR, name);
    const action = `Running 'install' action with timeout of 5m0s`;
    w.status(w.get(HR, name), (s, o) => {
      w.condition(s, o, 'Reconciling', 'True', 'Progressing', action);
      w.condition(s, o, 'Ready', 'Unknown', 'Progressing', action);
      s['helmChart'] = target.status?.['helmChart'];
      s['storageNamespace'] = spec.targetNamespace;
    });
    const children = w.applied.get(`hr/${name}`) ?? [];
    let failedOne = false;
    const created = children.map(c => {
      const crash = failing && !failedOne && c.kind === 'Deployment';
      if (crash) failedOne = true;
      return applyObject(w, c, crash);
    });
    hooks.onApplied(created);
    await w.run.sleep(INSTALL_WAIT);
    if (!failing) {
      const t = target.status ?? {};
      const installed = w.status(w.get(HR, name), s => {
        const now = w.now();
        // A bootstrap installs: revision 1 of the chart in the spec, whatever upgrades the steady seed tells.
        const newest = { ...((t['history'] as object[] | undefined)?.[0] ?? {}) } as Record<string, unknown>;
        delete newest['testHooks'];
        Object.assign(s, t, {
          history: [{ ...newest, version: 1, action: 'install', firstDeployed: now, lastDeployed: now }],
          lastAttemptedReleaseAction: 'install',
        });
        s['conditions'] = JSON.parse(
          JSON.stringify(t['conditions'])
            .replace(/"lastTransitionTime":"[^"]+"/g, `"lastTransitionTime":"${now}"`)
            .replace(/Helm upgrade succeeded/g, 'Helm install succeeded')
            .replace(/UpgradeSucceeded/g, 'InstallSucceeded')
            .replace(/\.v\d+ with chart/g, '.v1 with chart'),
        ) as unknown;
      });
      w.event(
        installed,
        'Normal',
        'InstallSucceeded',
        `Helm install succeeded for release ${release}.v1 with chart ${chart}@${version}`,
        'helm-controller',
        version,
      );
      first();
      return;
    }
    await w.run.sleep(INSTALL_TIMEOUT);
    const message = `Helm install failed for release ${release} with chart ${chart}@${version}: context deadline exceeded`;
    const retries = spec.install?.remediation?.retries ?? 0;
    const exhausted = retries >= 0 && attempt > retries;
    const failed = w.status(w.get(HR, name), (s, o) => {
      // Each failed install is uninstalled (remediation) before the next: one failed snapshot at a time.
      const history = ((target.status?.['history'] as Array<Record<string, unknown>> | undefined) ?? [])
        .slice(0, 1)
        .map(h => ({
          ...h,
          version: attempt,
          action: 'install',
          status: 'failed',
          firstDeployed: w.now(),
          lastDeployed: w.now(),
        }));
      Object.assign(s, {
        history,
        failures: attempt,
        installFailures: attempt,
        lastAttemptedReleaseAction: 'install',
        lastAttemptedRevision: version,
        lastAttemptedGeneration: o.metadata.generation,
        helmChart: target.status?.['helmChart'],
        storageNamespace: spec.targetNamespace,
      });
      w.dropCondition(s, 'Reconciling');
      w.condition(s, o, 'Released', 'False', 'InstallFailed', message);
      w.condition(s, o, 'Ready', 'False', 'InstallFailed', message);
      if (exhausted)
        w.condition(
          s,
          o,
          'Stalled',
          'True',
          'RetriesExceeded',
          `Failed to install after ${attempt} attempt(s)`,
        );
    });
    w.event(failed, 'Warning', 'InstallFailed', message, 'helm-controller', version);
    first();
    if (exhausted) return;
    await w.run.sleep(1);
    deleteObjects(w, children);
    const uninstall = `Helm uninstall succeeded for release ${release}.v${attempt} with chart ${chart}@${version}`;
    const remediated = w.status(w.get(HR, name), (s, o) => {
      w.condition(s, o, 'Remediated', 'True', 'UninstallSucceeded', uninstall);
      w.condition(s, o, 'Ready', 'False', 'UninstallSucceeded', uninstall);
    });
    w.event(remediated, 'Normal', 'UninstallSucceeded', uninstall, 'helm-controller', version);
    await w.run.sleep(3);
  }
}
