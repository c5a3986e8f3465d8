/**
 * A steady stream of object updates at K per second, as a busy cluster makes them: Deployment rollouts
 * (spec change, generation bump), ConfigMap edits, Kustomization and HelmRelease reconciliations (status).
 * Writes go through the store like any other write, so watches see ordinary MODIFIED events.
 */
import type { KubeObject, ObjectStore } from '../store/store.js';

export interface ChangeGeneratorOptions {
  perSecond: number;
  /** Kinds to touch, in rotation (default: Deployment, ConfigMap, Kustomization, HelmRelease). */
  kinds?: string[];
  /** Called after each write (benchmarks record the write time). */
  onWrite?: (obj: KubeObject) => void;
}

const GK: Record<string, string> = {
  Deployment: 'apps/Deployment',
  ConfigMap: '/ConfigMap',
  Kustomization: 'kustomize.toolkit.fluxcd.io/Kustomization',
  HelmRelease: 'helm.toolkit.fluxcd.io/HelmRelease',
};

function mutate(draft: KubeObject, stamp: string, n: number): void {
  switch (draft.kind) {
    case 'Deployment': {
      const template = draft.spec?.['template'] as { metadata: { annotations?: Record<string, string> } };
      template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': stamp };
      const status = (draft.status ??= {});
      status['observedGeneration'] = ((draft.metadata.generation ?? 1) as number) + 1;
      break;
    }
    case 'ConfigMap':
      draft.data = { ...((draft.data as Record<string, string> | undefined) ?? {}), revision: String(n) };
      break;
    default: {
      const status = (draft.status ??= {});
      const history = status['history'] as Array<Record<string, unknown>> | undefined;
      if (history?.[0]) history[0]['lastReconciled'] = stamp;
      status['lastHandledReconcileAt'] = stamp;
    }
  }
}

export class ChangeGenerator {
  private timer: NodeJS.Timeout | undefined;
  private readonly targets: Array<{ gk: string; keys: Array<[string | undefined, string]>; next: number }>;
  private written = 0;
  private started = 0;
  private turn = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly opts: ChangeGeneratorOptions,
  ) {
    const kinds = opts.kinds ?? ['Deployment', 'ConfigMap', 'Kustomization', 'HelmRelease'];
    this.targets = kinds
      .map(kind => GK[kind] ?? kind)
      .map(gk => ({
        gk,
        keys: store
          .list(gk)
          .map(o => [o.metadata.namespace, o.metadata.name] as [string | undefined, string]),
        next: 0,
      }))
      .filter(t => t.keys.length > 0);
  }

  get count(): number {
    return this.written;
  }

  /** Writes one change now; returns the written object. */
  writeOne(): KubeObject | undefined {
    const target = this.targets[this.turn++ % this.targets.length];
    if (!target) return undefined;
    const [namespace, name] = target.keys[target.next++ % target.keys.length]!;
    const n = ++this.written;
    const stamp = new Date().toISOString();
    const obj = this.store.update(target.gk, namespace, name, draft => mutate(draft, stamp, n));
    if (obj) this.opts.onWrite?.(obj);
    return obj;
  }

  /** Writes at the configured rate, catching up on timer lag so the average rate holds. */
  start(): void {
    if (this.timer || !(this.opts.perSecond > 0)) return;
    this.started = performance.now();
    const baseline = this.written;
    const tickMs = Math.max(5, Math.min(50, 1000 / this.opts.perSecond));
    this.timer = setInterval(() => {
      const due = Math.floor(((performance.now() - this.started) / 1000) * this.opts.perSecond);
      while (this.written - baseline < due) this.writeOne();
    }, tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
