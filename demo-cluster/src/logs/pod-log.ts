/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log` for the demo cluster, with the kubelet's rules: which
 * container (required when there are several), `previous` only after a restart, a container that has not
 * run answers 400 "is waiting to start", and container, follow, previous, tailLines, sinceSeconds,
 * timestamps and limitBytes as kube-apiserver reads them. Follow streams new lines with backpressure.
 */
import type { ServerResponse } from 'node:http';
import { containersOf, FLUX_KINDS } from '@fluxscope/shared';
import type { KubeObject, ObjectStore } from '../store/store.js';
import * as status from '../api/status.js';
import type { StatusBody } from '../api/status.js';
import { fluxControllerOfPod, fluxLine, fluxStartupLines, objectsOf } from './flux-lines.js';
import { appLine, crashRun, rng, styleOf } from './profiles.js';

/** Annotations the benches put on a Pod: how many lines its history holds, and lines/s when followed. */
export const LOG_LINES_ANNOTATION = 'demo.fluxscope.dev/log-lines';
export const LOG_RATE_ANNOTATION = 'demo.fluxscope.dev/log-rate';
const DEFAULT_LINES = 150;
const DEFAULT_RATE = 0.5;
const MAX_LINES = 500_000;

export interface PodLogOptions {
  container?: string;
  previous: boolean;
  follow: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps: boolean;
  limitBytes?: number;
}

interface Line {
  t: number;
  text: string;
}

export function parsePodLogOptions(q: URLSearchParams): PodLogOptions | StatusBody {
  const truthy = (v: string | null) => v === 'true' || v === '1';
  const int = (key: string, min: number): number | undefined | StatusBody => {
    const v = q.get(key);
    if (v === null || v === '') return undefined;
    const n = Number(v);
    return Number.isInteger(n) && n >= min ? n : status.badRequest(`invalid ${key}: ${v}`);
  };
  const tailLines = int('tailLines', 0);
  const sinceSeconds = int('sinceSeconds', 1);
  const limitBytes = int('limitBytes', 1);
  for (const v of [tailLines, sinceSeconds, limitBytes]) if (typeof v === 'object') return v;
  const container = q.get('container');
  return {
    ...(container ? { container } : {}),
    previous: truthy(q.get('previous')),
    follow: truthy(q.get('follow')),
    timestamps: truthy(q.get('timestamps')),
    ...(tailLines !== undefined ? { tailLines: tailLines as number } : {}),
    ...(sinceSeconds !== undefined ? { sinceSeconds: sinceSeconds as number } : {}),
    ...(limitBytes !== undefined ? { limitBytes: limitBytes as number } : {}),
  };
}

interface Plan {
  history: Line[];
  /** Makes the line written at time t when following (running containers only). */
  next?: (t: number, i: number) => string;
  /** Lines per second while following. */
  rate: number;
}

function fluxObjects(store: ObjectStore): KubeObject[] {
  return FLUX_KINDS.flatMap(k => store.list(`${k.group}/${k.kind}`));
}

/** Decides what the container's log holds, or the error kube-apiserver would answer. */
export function planLog(
  store: ObjectStore,
  pod: KubeObject,
  opts: PodLogOptions,
  now: number,
): Plan | StatusBody {
  const podName = pod.metadata.name;
  const ns = pod.metadata.namespace ?? '';
  const containers = containersOf(pod);
  const regular = containers.filter(c => !c.init);
  let name = opts.container;
  if (name === undefined) {
    if (regular.length !== 1)
      return status.badRequest(
        `a container name must be specified for pod ${podName}, choose one of: [${regular.map(c => c.name).join(' ')}]`,
      );
    name = regular[0]!.name;
  }
  const c = containers.find(x => x.name === name);
  if (!c) return status.badRequest(`container ${name} is not valid for pod ${podName}`);
  if (opts.previous && !c.hasPrevious)
    return status.badRequest(`previous terminated container "${name}" in pod "${podName}" not found`);
  if (!c.started)
    return status.badRequest(
      `container "${name}" in pod "${podName}" is waiting to start: ${c.state.replace(/^waiting: ?/, '') || 'ContainerCreating'}`,
    );

  const annotations = pod.metadata.annotations ?? {};
  const startedAt = Date.parse(
    (pod.status?.['startTime'] as string | undefined) ?? pod.metadata.creationTimestamp ?? '',
  );
  // A Pod that just started has written little: about a line per 15 s of its life, up to the default.
  const ageSeconds = Number.isNaN(startedAt) ? 3600 : (now - startedAt) / 1000;
  const count = Math.min(
    MAX_LINES,
    Number(annotations[LOG_LINES_ANNOTATION]) ||
      Math.max(8, Math.min(DEFAULT_LINES, Math.round(ageSeconds / 15))),
  );
  const rate = Math.max(0.01, Math.min(10_000, Number(annotations[LOG_RATE_ANNOTATION]) || DEFAULT_RATE));
  const spec = (pod.spec?.['containers'] as Array<{ name: string; image?: string }> | undefined) ?? [];
  const image = spec.find(x => x.name === name)?.image ?? '';
  const seed = `${ns}/${podName}/${name}`;

  // A crash-looping container: the kubelet serves its last terminated run (also for previous).
  if (c.state.startsWith('waiting') || (opts.previous && c.state !== 'running')) {
    const runStart = now - 70_000 - (opts.previous ? 300_000 : 0);
    return { history: crashRun(image, runStart, c.restartCount + (opts.previous ? 0 : 1)), rate };
  }
  const running = c.state === 'running';
  const start = Number.isNaN(startedAt) ? now - 3_600_000 : Math.min(startedAt, now - 1000);
  const end = opts.previous ? start - 1000 : now;
  const begin = opts.previous ? end - 3_600_000 : start;
  const step = (end - begin) / (count + 1);

  const controller = fluxControllerOfPod(podName, ns);
  if (controller) {
    const objects = objectsOf(controller, fluxObjects(store));
    const line = (t: number, i: number) =>
      objects.length
        ? fluxLine(objects[i % objects.length]!, t, `${seed}/${i}`)
        : fluxStartupLines(controller, t)[0]!;
    const history: Line[] = fluxStartupLines(controller, begin).map((text, i) => ({ t: begin + i, text }));
    for (let i = 0; i < count; i++)
      history.push({ t: begin + (i + 1) * step, text: line(begin + (i + 1) * step, i) });
    return { history, rate, ...(running ? { next: line } : {}) };
  }
  const style = styleOf(image);
  const line = (t: number, i: number) => appLine(style, rng(`${seed}/${i}`), t, podName);
  const history: Line[] = [];
  for (let i = 0; i < count; i++) {
    const t = begin + (i + 1) * step;
    history.push({ t, text: line(t, i) });
  }
  return { history, rate, ...(running ? { next: line } : {}) };
}

/** The lines to send first: sinceSeconds, then tailLines, as the kubelet applies them. */
export function selectLines(history: readonly Line[], opts: PodLogOptions, now: number): Line[] {
  let lines = opts.sinceSeconds ? history.filter(l => l.t >= now - opts.sinceSeconds! * 1000) : [...history];
  if (opts.tailLines !== undefined) lines = opts.tailLines === 0 ? [] : lines.slice(-opts.tailLines);
  return lines;
}

const format = (l: Line, timestamps: boolean): string =>
  timestamps ? `${new Date(l.t).toISOString()} ${l.text}\n` : `${l.text}\n`;

/** Writes the log to res (200 text/plain, chunked); follows until the client goes away. */
export function streamPodLog(
  res: ServerResponse,
  plan: Plan,
  opts: PodLogOptions,
  now: number,
  onBytes: (n: number) => void = () => {},
): void {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  let budget = opts.limitBytes ?? Infinity;
  const write = (text: string): boolean => {
    if (budget <= 0) return true;
    const bytes = Buffer.byteLength(text);
    if (bytes > budget) {
      res.write(Buffer.from(text).subarray(0, budget));
      budget = 0;
      return true;
    }
    budget -= bytes;
    onBytes(bytes);
    return res.write(text);
  };
  const first = selectLines(plan.history, opts, now);
  // Write the history in slices, waiting for 'drain' between them: a 500k-line log never sits in memory twice.
  let i = 0;
  let seq = plan.history.length;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  res.on('close', () => {
    closed = true;
    if (timer) clearTimeout(timer);
  });
  const pump = (): void => {
    while (!closed && i < first.length && budget > 0) {
      if (!write(format(first[i++]!, opts.timestamps))) return void res.once('drain', pump);
    }
    if (closed) return;
    if (!opts.follow || !plan.next || budget <= 0) return void res.end();
    const interval = 1000 / plan.rate;
    const tick = (): void => {
      timer = undefined;
      if (closed) return;
      // At high rates several lines fall due per timer tick (timers fire at most every ~1 ms).
      const due = Math.max(1, Math.round(16 / interval));
      let ok = true;
      for (let k = 0; k < due && budget > 0; k++) {
        ok = write(format({ t: Date.now(), text: plan.next!(Date.now(), seq++) }, opts.timestamps)) && ok;
      }
      if (budget <= 0) return void res.end();
      if (!ok) return void res.once('drain', () => (timer = setTimeout(tick, interval)));
      timer = setTimeout(tick, due > 1 ? 16 : interval);
    };
    timer = setTimeout(tick, interval);
  };
  pump();
}
