/**
 * A Flux controller's newest error lines, for the Flux runtime page: the last lines of its Pods' logs
 * (bounded: ERROR_SCAN_LINES and ERROR_SCAN_BYTES per Pod, at most 5 Pods), the `level: error` ones kept.
 * Read only when the page asks, and one answer serves every asker for ERRORS_TTL_MS, so a page left open in
 * many tabs, or clicked repeatedly, never turns into a stream of pods/log requests.
 */
import type { ControllerErrors, ControllerLogLine } from '@fluxscope/shared';
import { parseControllerLine, parseLogTime } from '@fluxscope/shared';
import type { ControllerLogsDeps } from './controller-logs.js';
import { controllerContainer, controllerPods } from './controller-logs.js';
import { logsError, readPodLog } from './pod-logs.js';

export const ERROR_SCAN_LINES = 2000;
export const ERROR_SCAN_BYTES = 4 * 1024 * 1024;
/** Error lines returned, newest first. */
export const ERROR_LINES = 10;
/** How long one read of a controller's log answers for. */
export const ERRORS_TTL_MS = 15_000;

export async function readControllerErrors(
  deps: ControllerLogsDeps,
  namespace: string,
  controller: string,
  now: () => number = Date.now,
): Promise<ControllerErrors> {
  const readAt = new Date(now()).toISOString();
  const empty = { controller, pods: [], scanned: 0, lines: [], readAt };
  let pods;
  try {
    pods = await controllerPods(deps.index, deps.api, controller, namespace);
  } catch (err) {
    return { ...empty, message: logsError(err, 'Pods').message };
  }
  if (pods.length === 0)
    return {
      ...empty,
      message: `no ${controller} Pod found in ${namespace} (looked for Pods named ${controller}-… or labelled app=${controller})`,
    };
  let scanned = 0;
  const errors: ControllerLogLine[] = [];
  const read: string[] = [];
  const failures: string[] = [];
  for (const pod of pods.slice(0, 5)) {
    const ns = pod.metadata.namespace ?? namespace;
    const name = pod.metadata.name;
    try {
      const container = await controllerContainer(deps.api, ns, name);
      const text = await readPodLog(
        deps.kc,
        ns,
        name,
        container,
        { tailLines: ERROR_SCAN_LINES },
        ERROR_SCAN_BYTES,
      );
      for (const line of text.split('\n')) {
        if (!line) continue;
        scanned++;
        const parsed = parseControllerLine(line);
        if (parsed?.level !== 'error') continue;
        const { object, ...rest } = parsed;
        // The object goes back in as fields: unlike an object page, this list mixes objects.
        const fields = object
          ? [
              {
                key: object.kind,
                value: object.namespace ? `${object.namespace}/${object.name}` : object.name,
              },
              ...rest.fields,
            ]
          : rest.fields;
        errors.push({ ...rest, fields });
      }
      read.push(`${ns}/${name}`);
    } catch (err) {
      failures.push(`${ns}/${name}: ${logsError(err, `Pod ${ns}/${name}`).message}`);
    }
  }
  const time = (l: ControllerLogLine) => parseLogTime(l.ts ?? '') ?? 0;
  errors.sort((a, b) => time(b) - time(a));
  return {
    controller,
    pods: read,
    scanned,
    lines: errors.slice(0, ERROR_LINES),
    readAt,
    ...(failures.length ? { message: failures.join('; ') } : {}),
  };
}

/** One read per controller per ERRORS_TTL_MS, shared by concurrent askers (a failed read is not kept). */
export class ControllerErrorsCache {
  private readonly entries = new Map<string, { at: number; value: Promise<ControllerErrors> }>();

  constructor(
    private readonly read: (namespace: string, controller: string) => Promise<ControllerErrors>,
    private readonly now: () => number = Date.now,
  ) {}

  get(namespace: string, controller: string): Promise<ControllerErrors> {
    const key = `${namespace}/${controller}`;
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < ERRORS_TTL_MS) return hit.value;
    // Old entries go first: a cluster has a handful of controllers, so this stays tiny.
    for (const [k, e] of this.entries) if (this.now() - e.at >= ERRORS_TTL_MS) this.entries.delete(k);
    const value = this.read(namespace, controller);
    this.entries.set(key, { at: this.now(), value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
