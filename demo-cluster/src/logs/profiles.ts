/**
 * Realistic log lines for the demo's Pods, generated (never stored): a deterministic generator per Pod and
 * container picks a style by image (klog, logfmt, JSON, access log) and writes lines that read like the app.
 * Crash-looping containers log their start, an error and a Go panic with its stack.
 */

/** A small fast PRNG (mulberry32): the same Pod and container always log the same history. */
export function rng(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

export type Style = 'klog' | 'logfmt' | 'json' | 'access';

/** The style an image logs in: nginx-like proxies write access logs, prometheus logfmt, Go operators klog. */
export function styleOf(image: string): Style {
  if (/nginx|envoy|ingress|haproxy/.test(image)) return 'access';
  if (/prometheus|node-exporter|grafana|loki|alertmanager/.test(image)) return 'logfmt';
  if (/karpenter|argo|aws-load-balancer|kubecost|cost-model|modeling/.test(image)) return 'json';
  return 'klog';
}

const PATHS = ['/healthz', '/readyz', '/metrics', '/api/v1/status', '/api/v1/query', '/'];
const KLOG_MSGS = [
  'Successfully reconciled',
  'Starting workers',
  'Watch close - *v1.Secret total 12 items received',
  'Updated lease',
  'Reflector ListAndWatch: resync',
  'Syncing',
  'Informer cache synced',
];
const APP_MSGS = [
  'request completed',
  'cache refreshed',
  'reconciled',
  'health check passed',
  'flushed metrics',
  'leader lease renewed',
];

/** One ordinary line at time t (ms) for the i-th position of this Pod's log. */
export function appLine(style: Style, r: () => number, t: number, podName: string): string {
  const iso = new Date(t).toISOString();
  const ms = 1 + Math.floor(r() * 40);
  switch (style) {
    case 'access': {
      const ip = `10.0.${Math.floor(r() * 200)}.${Math.floor(r() * 250)}`;
      const date = new Date(t)
        .toUTCString()
        .replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
      const status = r() < 0.04 ? 502 : r() < 0.1 ? 404 : 200;
      return `${ip} - - [${date}] "GET ${pick(r, PATHS)} HTTP/1.1" ${status} ${Math.floor(r() * 4000)} "-" "kube-probe/1.30" ${ms / 1000}`;
    }
    case 'logfmt': {
      const level = r() < 0.05 ? 'warn' : 'info';
      return `ts=${iso} caller=${pick(r, ['compact.go:523', 'head.go:1293', 'main.go:1156', 'db.go:1014'])} level=${level} component=${pick(r, ['tsdb', 'web', 'scrape', 'rules'])} msg="${pick(r, ['Head GC completed', 'Compaction completed', 'Scrape pool reloaded', 'Rule group evaluated'])}" duration=${ms}ms`;
    }
    case 'json':
      return JSON.stringify({
        level: r() < 0.05 ? 'warn' : 'info',
        time: iso,
        msg: pick(r, APP_MSGS),
        pod: podName,
        duration_ms: ms,
      });
    case 'klog': {
      const d = new Date(t);
      const mmdd = `${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
      const time = iso.slice(11, 26).replace('Z', '');
      const sev = r() < 0.05 ? 'W' : 'I';
      return `${sev}${mmdd} ${time}       1 ${pick(r, ['controller.go:219', 'reflector.go:351', 'leaderelection.go:258', 'server.go:144'])}] ${pick(r, KLOG_MSGS)}`;
    }
  }
}

/** What a crash-looping Go service prints in one run: start, the failing dependency, then a panic. */
export function crashRun(image: string, start: number, attempt: number): Array<{ t: number; text: string }> {
  const at = (s: number) => start + s * 1000;
  const version = image.split(':').pop() ?? 'latest';
  const app = image.split('/').pop()?.split(':')[0] ?? 'app';
  const iso = (s: number) => new Date(at(s)).toISOString();
  return [
    { t: at(0), text: `${iso(0)} INF Starting ${app} version ${version} (attempt ${attempt})` },
    { t: at(0.2), text: `${iso(0.2)} INF Reading configuration from /var/configs/kubecost-cost-analyzer` },
    {
      t: at(0.4),
      text: `${iso(0.4)} INF Prometheus endpoint: http://kubecost-prometheus-server.kubecost:80`,
    },
    {
      t: at(10.4),
      text: `${iso(10.4)} ERR Failed to query Prometheus: Post "http://kubecost-prometheus-server.kubecost:80/api/v1/query": context deadline exceeded`,
    },
    { t: at(10.5), text: 'panic: runtime error: invalid memory address or nil pointer dereference' },
    { t: at(10.5), text: '[signal SIGSEGV: segmentation violation code=0x1 addr=0x28 pc=0x1c8f2a4]' },
    { t: at(10.5), text: '' },
    { t: at(10.5), text: 'goroutine 1 [running]:' },
    {
      t: at(10.5),
      text: 'github.com/kubecost/cost-model/pkg/costmodel.(*Accesses).initPrometheus(0xc000a12000)',
    },
    { t: at(10.5), text: '\t/app/pkg/costmodel/router.go:1843 +0x244' },
    {
      t: at(10.5),
      text: 'github.com/kubecost/cost-model/pkg/costmodel.Initialize({0x2f6a1c0, 0xc0001b6000})',
    },
    { t: at(10.5), text: '\t/app/pkg/costmodel/router.go:1710 +0x8d1' },
    { t: at(10.5), text: 'main.main()' },
    { t: at(10.5), text: '\t/app/cmd/costmodel/main.go:52 +0x1a5' },
  ];
}
