/**
 * Plays a scenario on the store: `steady` (everything reconciled), `bootstrap` (a fresh bootstrap replayed
 * over about a minute at speed 1) and `failure` (the same replay, with kubecost failing to install so
 * infrastructure fails its health check and dependencies/controlplane stay DependencyNotReady). Afterwards,
 * periodic reconciliations; at any time, reactions to `flux reconcile` (requestedAt) and `flux suspend/resume`.
 */
import type { ClientWrite } from '../api/rest.js';
import { buildSeedCluster } from '../seed/cluster.js';
import { gkOf } from '../store/store.js';
import type { KubeObject, ObjectStore } from '../store/store.js';
import { reconcileHelmRelease } from './helm.js';
import { reconcileKustomization } from './kustomize.js';
import { onReconcileRequest, periodicReconciliations } from './periodic.js';
import { Run } from './run.js';
import { reconcileImages, reconcileSource, reconcileTerraform } from './sources.js';
import { KS, World, keyOf } from './world.js';

export const SCENARIOS = ['bootstrap', 'steady', 'failure'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface SimulatorOptions {
  scenario: ScenarioName;
  speed: number;
  periodic: boolean;
  /** The Flux version the cluster plays (its flux-system namespace's label). */
  fluxVersion?: string;
}

const SOURCE_KINDS = new Set(['GitRepository', 'OCIRepository', 'HelmRepository']);
/** Third-party CRDs come with the chart that ships them. */
const CRD_CHART: Record<string, string> = {
  'karpenter.sh': 'karpenter',
  'karpenter.k8s.aws': 'karpenter',
  'elbv2.k8s.aws': 'aws-load-balancer-controller',
};

function isBootstrapObject(o: KubeObject, world: World): boolean {
  const labels = o.metadata.labels ?? {};
  if (labels['kustomize.toolkit.fluxcd.io/name'] || labels['helm.toolkit.fluxcd.io/name']) return false;
  if (o.kind === 'Event' || o.kind === 'HelmChart') return false;
  if (o.kind === 'CustomResourceDefinition' && CRD_CHART[o.metadata.name.split('.').slice(1).join('.')])
    return false;
  const owner = o.metadata.ownerReferences?.[0];
  if (owner) {
    const parent = [...world.target.values()].find(p => p.metadata.uid === owner.uid);
    return parent ? isBootstrapObject(parent, world) : true;
  }
  return true;
}

export class Simulator {
  scenario: ScenarioName;
  speed: number;
  private run = new Run(1);
  private world?: World;
  private settledWaiters: Array<() => void> = [];
  isSettled = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly opts: SimulatorOptions,
  ) {
    this.scenario = opts.scenario;
    this.speed = opts.speed;
  }

  start(): void {
    this.run.cancel();
    this.run = new Run(this.speed);
    this.isSettled = false;
    const seed = buildSeedCluster(
      this.store.now(),
      this.opts.fluxVersion ? { fluxVersion: this.opts.fluxVersion } : {},
    );
    const failing = new Set(this.scenario === 'failure' ? ['kubecost'] : []);
    const world = new World(this.store, seed.objects, this.run, { failing });
    this.world = world;
    const initial =
      this.scenario === 'steady'
        ? seed.objects
        : seed.objects.filter(o => isBootstrapObject(o, world)).map(o => this.unreconciled(o));
    this.syncStore(initial);
    if (this.scenario === 'steady') {
      this.markSettled();
      this.startPeriodic(world);
      return;
    }
    void this.run.spawn(() => this.replay(world));
  }

  restart(opts: { scenario?: ScenarioName; speed?: number }): void {
    if (opts.scenario) this.scenario = opts.scenario;
    if (opts.speed) this.speed = opts.speed;
    this.start();
  }

  stop(): void {
    this.run.cancel();
  }

  settled(): Promise<void> {
    return this.isSettled ? Promise.resolve() : new Promise(resolve => this.settledWaiters.push(resolve));
  }

  onClientWrite(w: ClientWrite): void {
    if (this.world && w.after && w.before) onReconcileRequest(this.world, w.before, w.after);
  }

  private markSettled(): void {
    this.isSettled = true;
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  private startPeriodic(world: World): void {
    if (this.opts.periodic) void world.run.spawn(() => periodicReconciliations(world));
  }

  /** Flux objects of the bootstrap exist but nothing has reconciled them yet. */
  private unreconciled(o: KubeObject): KubeObject {
    if (o.kind !== 'GitRepository' && o.kind !== 'Kustomization') return o;
    const { status: _status, ...rest } = o;
    return { ...rest, metadata: { ...o.metadata, creationTimestamp: this.store.timestamp() } };
  }

  /** Makes the store hold exactly `objects`, through ordinary writes, so open watches follow along. */
  private syncStore(objects: KubeObject[]): void {
    const wanted = new Map(objects.map(o => [keyOf(o), o]));
    for (const gk of this.store.kinds()) {
      for (const o of this.store.list(gk))
        if (!wanted.has(keyOf(o))) this.store.delete(gk, o.metadata.namespace, o.metadata.name);
    }
    for (const o of objects) {
      const cur = this.store.get(gkOf(o), o.metadata.namespace, o.metadata.name);
      if (
        cur &&
        JSON.stringify({ ...cur, metadata: { ...cur.metadata, resourceVersion: '' } }) ===
          JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: '' } })
      )
        continue;
      this.store.put(o);
    }
  }

  private async replay(world: World): Promise<void> {
    await world.run.sleep(1);
    await reconcileSource(world, 'GitRepository', 'flux-system');
    const flows: Array<Promise<void>> = [];
    const infraQueue: string[] = [];
    let infraRunning = false;
    const nextInfra = (): void => {
      const next = infraQueue.shift();
      if (!next) return void (infraRunning = false);
      infraRunning = true;
      flows.push(
        world.run.spawn(() => reconcileHelmRelease(world, next, { onApplied, onFirstAttempt: nextInfra })),
      );
    };
    // What an apply created starts its own controllers, the way the real ones pick up new objects.
    const onApplied = (created: KubeObject[]): void => {
      let images = false;
      for (const o of created) {
        if (o.kind === 'Kustomization')
          flows.push(world.run.spawn(() => reconcileKustomization(world, o.metadata.name, { onApplied })));
        else if (SOURCE_KINDS.has(o.kind))
          flows.push(world.run.spawn(() => reconcileSource(world, o.kind, o.metadata.name)));
        else if (o.kind === 'Terraform')
          flows.push(world.run.spawn(() => reconcileTerraform(world, o.metadata.name)));
        else if (o.kind.startsWith('Image')) images = true;
        else if (
          o.kind === 'HelmRelease' &&
          o.metadata.labels?.['kustomize.toolkit.fluxcd.io/name'] === 'infrastructure'
        )
          infraQueue.push(o.metadata.name);
        else if (o.kind === 'HelmRelease')
          flows.push(world.run.spawn(() => reconcileHelmRelease(world, o.metadata.name, { onApplied })));
        else if (o.kind === 'CustomResourceDefinition' && o.metadata.labels?.['helm.toolkit.fluxcd.io/name'])
          this.chartCrds(world, o.metadata.labels['helm.toolkit.fluxcd.io/name']);
      }
      if (images) flows.push(world.run.spawn(() => reconcileImages(world)));
      if (infraQueue.length > 0 && !infraRunning) {
        // The chart table's order (01..07), not the inventory's alphabetical one.
        const order = [
          'metrics-server',
          'karpenter',
          'argo-workflows',
          'aws-load-balancer-controller',
          'kubecost',
          'argo-events',
          'tf-controller',
        ];
        infraQueue.sort((a, b) => order.indexOf(a) - order.indexOf(b));
        nextInfra();
      }
    };
    flows.push(world.run.spawn(() => reconcileKustomization(world, 'flux-system', { onApplied })));
    // Flows add flows and some never end (retries); the replay is over once the cluster reached its end state.
    while (!this.done(world)) await world.run.sleep(1);
    this.markSettled();
    this.startPeriodic(world);
  }

  private chartCrds(world: World, hr: string): void {
    for (const o of world.target.values()) {
      if (
        o.kind === 'CustomResourceDefinition' &&
        CRD_CHART[o.metadata.name.split('.').slice(1).join('.')] === hr &&
        !world.store.get(gkOf(o), undefined, o.metadata.name)
      ) {
        world.store.put({ ...o, metadata: { ...o.metadata, creationTimestamp: world.now() } });
      }
    }
  }

  /** Bootstrap: every Kustomization Ready. Failure: kubecost stalled and infrastructure failing its health check. */
  private done(world: World): boolean {
    if (this.scenario === 'failure') {
      const infra = world.get(KS, 'infrastructure');
      return ((infra?.status?.['conditions'] as Array<{ reason?: string }> | undefined) ?? []).some(
        c => c.reason === 'HealthCheckFailed',
      );
    }
    return [...world.target.values()]
      .filter(o => o.kind === 'Kustomization')
      .every(o => world.isReady(KS, o.metadata.name));
  }
}
