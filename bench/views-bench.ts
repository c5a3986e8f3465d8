/**
 * The views in-process, without HTTP: time per call of buildTree / buildTrace / computeStats / buildGraph over
 * a ClusterIndex holding a synthetic cluster. Separates view cost from server and network cost.
 *   node bench/views-bench.ts --objects 100000
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ClusterIndex, buildGraph, buildTrace, buildTree, computeStats, storedForm } from '@fluxscope/shared';
import { generateSyntheticCluster } from '@fluxscope/demo-cluster';
import { ROOT } from './lib/proc.ts';
import { round, summarize } from './lib/stats.ts';
import { fluxShape } from './server-bench.ts';

export async function viewsBench(objects: number): Promise<Record<string, unknown>> {
  const cluster = generateSyntheticCluster({ objects, ...fluxShape(objects) });
  const t0 = performance.now();
  const index = new ClusterIndex();
  for (const o of cluster.objects) index.upsert(storedForm(o));
  const indexMs = performance.now() - t0;
  const ks = (name: string) => ({
    group: 'kustomize.toolkit.fluxcd.io',
    kind: 'Kustomization',
    namespace: 'flux-system',
    name,
  });
  const pod = { group: '', kind: 'Pod', ...cluster.leaves.pod };
  const cases: Record<string, () => unknown> = {
    'tree root (compact)': () => buildTree(index, ks('flux-system'), { compact: true }),
    'tree root (full)': () => buildTree(index, ks('flux-system')),
    'tree of an app': () => buildTree(index, ks(cluster.leaves.kustomization)),
    'trace of a leaf Pod': () => buildTrace(index, pod),
    stats: () => computeStats(index),
    graph: () => buildGraph(index),
  };
  const out: Record<string, unknown> = { objects, indexMs: Math.round(indexMs) };
  for (const [name, fn] of Object.entries(cases)) {
    const samples: number[] = [];
    const deadline = performance.now() + 3000;
    for (let i = 0; i < 200 && performance.now() < deadline; i++) {
      const t = performance.now();
      const result = fn();
      JSON.stringify(result);
      samples.push(performance.now() - t);
    }
    const s = summarize(samples);
    out[name] = { n: s.n, p50: round(s.p50, 2), p95: round(s.p95, 2) };
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { objects: { type: 'string', default: '10000' }, out: { type: 'boolean', default: false } },
  });
  const result = await viewsBench(Number(values.objects));
  if (values.out) {
    mkdirSync(`${ROOT}bench/out`, { recursive: true });
    writeFileSync(`${ROOT}bench/out/views-${values.objects}.json`, JSON.stringify(result, null, 2));
  }
  console.log(JSON.stringify(result, null, 2));
}
