/**
 * Pod logs through client-node: the Pod is read first (so an unknown Pod or container is a 404 with the
 * reason and a container that has not started is its state, not an error), then client-node's `Log` opens
 * `pods/log` and pipes the response into our sink. Piping carries backpressure end to end: when the
 * browser's socket stops draining, the sink stops reading and so does the upstream request.
 */
import { PassThrough } from 'node:stream';
import { Log } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  containersOf,
  LOG_LIMITS,
  type ClusterObject,
  type LogContainer,
  type PodLogQuery,
} from '@fluxscope/shared';
import { HttpError } from '../http/errors.js';
import { classifyError, type RawKubeApi } from '../kube/raw-api.js';

const podPath = (namespace: string, name: string) =>
  `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;

/** Maps an API server failure on a logs request to our answer, in words for the user. */
export function logsError(err: unknown, what: string): HttpError {
  if (err instanceof HttpError) return err;
  const { failure, code, message } = classifyError(err);
  if (failure === 'not-found') return new HttpError(404, `${what} not found`);
  if (failure === 'forbidden')
    return new HttpError(
      403,
      `the API server refused (RBAC: get on pods/log is needed, by the server's identity or with --impersonate by yours): ${message}`,
    );
  if (code === 400) return new HttpError(400, `the API server refused the log request: ${message}`);
  return new HttpError(502, `the API server failed: ${message}`);
}

export async function getPod(api: RawKubeApi, namespace: string, name: string): Promise<ClusterObject> {
  try {
    return await api.getJson<ClusterObject>(podPath(namespace, name));
  } catch (err) {
    throw logsError(err, `Pod ${namespace}/${name}`);
  }
}

/** The container a request means: the named one, else kubectl's default (annotation, then the first). */
export function pickContainer(pod: ClusterObject, name: string | undefined): LogContainer {
  const containers = containersOf(pod);
  const ref = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
  const wanted =
    name ??
    pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ??
    containers.find(c => !c.init)?.name;
  const found = containers.find(c => c.name === wanted);
  if (!found) {
    const names = containers.map(c => (c.init ? `${c.name} (init)` : c.name)).join(', ') || 'none';
    throw new HttpError(404, `container "${wanted ?? ''}" is not in Pod ${ref} (containers: ${names})`);
  }
  return found;
}

export interface OpenedLog {
  /** The log's bytes; ends when the upstream response ends. */
  stream: PassThrough;
  /** Ends the upstream request (the client went away). */
  abort(): void;
}

/**
 * Opens `pods/log`; resolves once the API server answered 200, rejects with an HttpError otherwise.
 * The stream is capped at LOG_LIMITS.maxBytes (kube's limitBytes).
 */
export async function openPodLog(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  query: Omit<PodLogQuery, 'container'>,
  maxBytes: number = LOG_LIMITS.maxBytes,
): Promise<OpenedLog> {
  const sink = new PassThrough({ highWaterMark: 64 * 1024 });
  // client-node pipes the response into the sink and attaches no error handler to the response stream: an
  // abort or a dropped connection would be an uncaught 'error'. The 'pipe' event hands us that stream.
  sink.on('pipe', (source: NodeJS.ReadableStream) =>
    source.on('error', () => {
      if (!sink.destroyed) sink.end();
    }),
  );
  let controller: AbortController;
  try {
    controller = await new Log(kc).log(namespace, pod, container, sink, {
      follow: query.follow ?? false,
      previous: query.previous ?? false,
      timestamps: query.timestamps ?? false,
      limitBytes: maxBytes,
      // client-node drops a tailLines of 0 (it tests truthiness) and would send the whole log: "no old lines"
      // is asked as "since now" instead.
      ...(query.tailLines === 0
        ? { sinceTime: new Date().toISOString() }
        : {
            ...(query.sinceSeconds ? { sinceSeconds: query.sinceSeconds } : {}),
            ...(query.tailLines !== undefined ? { tailLines: query.tailLines } : {}),
          }),
    });
  } catch (err) {
    sink.destroy();
    throw logsError(err, `Pod ${namespace}/${pod}`);
  }
  return {
    stream: sink,
    abort: () => {
      controller.abort();
      sink.destroy();
    },
  };
}

/** Reads a whole (non-followed) log into a string, at most maxBytes. */
export async function readPodLog(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  query: Omit<PodLogQuery, 'container' | 'follow'>,
  maxBytes: number,
): Promise<string> {
  const opened = await openPodLog(kc, namespace, pod, container, query, maxBytes);
  const chunks: Buffer[] = [];
  for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
