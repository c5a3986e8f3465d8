/** source-controller, image-reflector/automation and tofu-controller, as the replay needs them. */
import type { KubeObject } from '../store/store.js';
import type { World } from './world.js';

const SRC = 'source.toolkit.fluxcd.io';

const copyStatus = (w: World, o: KubeObject): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify(
      w.target.get(`${SRC}/${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)?.status ?? {},
    ).replace(/"(lastTransitionTime|lastUpdateTime)":"[^"]+"/g, `"$1":"${w.now()}"`),
  ) as Record<string, unknown>;

/** Fetch, store the artifact, turn Ready, say NewArtifact. OCI HelmRepositories are static: nothing to do. */
export async function reconcileSource(w: World, kind: string, name: string): Promise<void> {
  const gk = `${SRC}/${kind}`;
  await w.whileSuspended(gk, name);
  const obj = w.get(gk, name);
  if (!obj || (kind === 'HelmRepository' && obj.spec?.['type'] === 'oci')) return;
  w.status(obj, (s, o) => {
    w.condition(s, o, 'Reconciling', 'True', 'Progressing', 'building artifact');
    w.condition(s, o, 'Ready', 'Unknown', 'Progressing', 'building artifact');
  });
  await w.run.sleep(kind === 'GitRepository' ? 1.5 : 1);
  const target = copyStatus(w, obj);
  const art = target['artifact'] as { revision: string; size: number } | undefined;
  const updated = w.status(w.get(gk, name), s => {
    Object.assign(s, target);
  });
  const url = String(obj.spec?.['url'] ?? '');
  const message =
    kind === 'GitRepository'
      ? `stored artifact for commit 'Merge pull request #${(art?.size ?? 7) % 97} from aws-samples/main'`
      : kind === 'HelmRepository'
        ? `stored fetched index of size ${((art?.size ?? 0) / 1024 / 1024 + 1).toFixed(1)}MB from '${url}'`
        : `stored artifact with revision '${art?.revision ?? ''}' from '${url}'`;
  w.event(updated, 'Normal', 'NewArtifact', message, 'source-controller', art?.revision);
}

/** helm-controller makes the HelmChart; source-controller pulls the chart. */
export async function reconcileHelmChart(w: World, hrName: string): Promise<void> {
  const chart = w.targetOf(`${SRC}/HelmChart`, `flux-system-${hrName}`);
  if (!chart) return;
  const { status: _s, ...rest } = chart;
  const created = w.store.put({
    ...structuredClone(rest),
    metadata: { ...chart.metadata, creationTimestamp: w.now() },
  });
  await w.run.sleep(0.8);
  const updated = w.status(created, s => Object.assign(s, copyStatus(w, chart)));
  const spec = chart.spec as { chart: string; version: string };
  w.event(
    updated,
    'Normal',
    'ChartPullSucceeded',
    `pulled '${spec.chart}' chart with version '${spec.version}'`,
    'source-controller',
    spec.version,
  );
}

/** Image scanning and automation: repositories scan, policies resolve, automations check the repo. */
export async function reconcileImages(w: World): Promise<void> {
  const IMG = 'image.toolkit.fluxcd.io';
  for (const kind of ['ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation']) {
    await w.run.sleep(1);
    for (const [key, target] of w.target) {
      if (!key.startsWith(`${IMG}/${kind}/`)) continue;
      const updated = w.status(w.get(`${IMG}/${kind}`, target.metadata.name), s => {
        Object.assign(
          s,
          JSON.parse(
            JSON.stringify(target.status ?? {}).replace(
              /"(lastTransitionTime|scanTime|lastAutomationRunTime)":"[^"]+"/g,
              `"$1":"${w.now()}"`,
            ),
          ),
        );
      });
      const ready =
        ((target.status?.['conditions'] as Array<{ message: string }> | undefined) ?? [])[0]?.message ?? '';
      const component =
        kind === 'ImageUpdateAutomation' ? 'image-automation-controller' : 'image-reflector-controller';
      w.event(updated, 'Normal', 'Succeeded', ready, component);
    }
  }
}

/** tofu-controller: plan, auto-approve, apply, write outputs. */
export async function reconcileTerraform(w: World, name: string): Promise<void> {
  const gk = 'infra.contrib.fluxcd.io/Terraform';
  const target = w.targetOf(gk, name);
  if (!target) return;
  const rev = String(target.status?.['lastAppliedRevision'] ?? '');
  const planId = String((target.status?.['plan'] as { lastApplied?: string } | undefined)?.lastApplied ?? '');
  const steps: Array<[string, string, 'True' | 'Unknown', string, string]> = [
    ['Plan', 'TerraformPlannedWithChanges', 'Unknown', 'Plan generated', `Planned: ${planId}`],
    [
      'Apply',
      'TerraformAppliedSucceed',
      'Unknown',
      `Applied successfully: ${rev}`,
      `Applied successfully: ${rev}`,
    ],
  ];
  await w.whileSuspended(gk, name);
  w.status(w.get(gk, name), (s, o) =>
    w.condition(s, o, 'Ready', 'Unknown', 'Progressing', 'Reconciliation in progress'),
  );
  for (const [type, reason, ready, message, eventMessage] of steps) {
    await w.run.sleep(2);
    const updated = w.status(w.get(gk, name), (s, o) => {
      w.condition(s, o, type, 'True', reason, message);
      w.condition(s, o, 'Ready', ready, reason, message);
      if (type === 'Plan')
        Object.assign(s, { lastPlannedRevision: rev, lastPlanAt: w.now(), plan: { pending: planId } });
    });
    w.event(updated, 'Normal', reason, eventMessage, 'tf-controller', rev);
  }
  await w.run.sleep(1);
  const done = w.status(w.get(gk, name), s =>
    Object.assign(
      s,
      JSON.parse(
        JSON.stringify(target.status).replace(
          /"(lastTransitionTime|lastPlanAt)":"[^"]+"/g,
          `"$1":"${w.now()}"`,
        ),
      ),
    ),
  );
  w.event(done, 'Normal', 'TerraformOutputsWritten', `Outputs written: ${rev}`, 'tf-controller', rev);
}
