/**
 * A Flux object's lines in its controller's log: find the controller's Pods (the index first, by the names
 * a Deployment gives them or their labels; else the API by the `app` label flux installs), read the last
 * lines of each, and keep those controller-runtime logged for this object.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import {
  controllerLinesFor,
  controllerOf,
  LOG_LIMITS,
  parseLogTime,
  type ClusterIndex,
  type ClusterObject,
  type ControllerLogLine,
  type ControllerLogs,
  type ObjRef,
} from '@fluxscope/shared';
import type { RawKubeApi } from '../kube/raw-api.js';
import { logsError, pickContainer, readPodLog } from './pod-logs.js';

/** `helm-controller-7f9c8d6b5-x2x4q` (Deployment), or labelled with the controller's name. */
export function isControllerPod(pod: ClusterObject, controller: string): boolean {
  const labels = pod.metadata.labels ?? {};
  if (labels['app'] === controller || labels['app.kubernetes.io/name'] === controller) return true;
  if (labels['app.kubernetes.io/component'] === controller) return true;
  return new RegExp(`^${controller}-[a-z0-9]{5,10}-[a-z0-9]{5}$`).test(pod.metadata.name);
}

/** The controller's Pods (in `namespace` when given): the index first, else the API by the `app` label. */
export async function controllerPods(
  index: ClusterIndex,
  api: RawKubeApi,
  controller: string,
  namespace?: string,
): Promise<ClusterObject[]> {
  const fromIndex = index
    .ofKind('', 'Pod')
    .filter(
      p => (namespace === undefined || p.metadata.namespace === namespace) && isControllerPod(p, controller),
    );
  if (fromIndex.length) return fromIndex;
  const path = namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods` : '/api/v1/pods';
  const list = await api.getJson<{ items: ClusterObject[] }>(path, {
    labelSelector: `app=${controller}`,
    limit: '20',
  });
  return list.items;
}

/** The container a controller logs in: `manager` (as flux installs them), else the Pod's first. */
export async function controllerContainer(api: RawKubeApi, ns: string, name: string): Promise<string> {
  // The index holds Pods slim (no containers): the container comes from the Pod itself.
  const pod = await api.getJson<ClusterObject>(
    `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`,
  );
  const containers = (pod.spec?.['containers'] as Array<{ name: string }> | undefined) ?? [];
  return containers.some(c => c.name === 'manager') ? 'manager' : pickContainer(pod, undefined).name;
}

export interface ControllerLogsDeps {
  index: ClusterIndex;
  api: RawKubeApi;
  kc: KubeConfig;
}

export async function controllerLogs(
  deps: ControllerLogsDeps,
  ref: ObjRef,
  tailLines: number,
): Promise<ControllerLogs> {
  const controller = controllerOf(ref.group, ref.kind);
  if (!controller)
    return { controller: '', pods: [], scanned: 0, lines: [], message: `${ref.kind} has no Flux controller` };
  let pods: ClusterObject[];
  try {
    pods = await controllerPods(deps.index, deps.api, controller);
  } catch (err) {
    return { controller, pods: [], scanned: 0, lines: [], message: logsError(err, 'Pods').message };
  }
  if (pods.length === 0)
    return {
      controller,
      pods: [],
      scanned: 0,
      lines: [],
      message: `no ${controller} Pod found (looked for Pods named ${controller}-… or labelled app=${controller})`,
    };
  let scanned = 0;
  const lines: ControllerLogLine[] = [];
  const read: string[] = [];
  const failures: string[] = [];
  for (const slim of pods.slice(0, 5)) {
    const ns = slim.metadata.namespace ?? '';
    const name = slim.metadata.name;
    try {
      const container = await controllerContainer(deps.api, ns, name);
      const text = await readPodLog(deps.kc, ns, name, container, { tailLines }, 32 * 1024 * 1024);
      const found = controllerLinesFor(text, ref);
      scanned += found.scanned;
      lines.push(...found.lines);
      read.push(`${ns}/${name}`);
    } catch (err) {
      failures.push(`${ns}/${name}: ${logsError(err, `Pod ${ns}/${name}`).message}`);
    }
  }
  // Several replicas (or a restart): one timeline, oldest first.
  if (read.length > 1)
    lines.sort((a, b) => (parseLogTime(a.ts ?? '') ?? 0) - (parseLogTime(b.ts ?? '') ?? 0));
  return {
    controller,
    pods: read,
    scanned,
    lines,
    ...(failures.length ? { message: failures.join('; ') } : {}),
  };
}

export const DEFAULT_CONTROLLER_TAIL = 5000;
export const MAX_CONTROLLER_TAIL = LOG_LIMITS.controllerScanLines;
