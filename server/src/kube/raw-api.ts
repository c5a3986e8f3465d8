/**
 * GETs (and the actions' merge patches) against the API server through client-node (its TLS, auth and exec-plugin handling), returning the
 * JSON as the server sent it. client-node's typed deserializers would turn timestamps into Date objects and
 * drop fields they do not know, which would break the stored form the browser reads, so we keep raw JSON.
 */
import { ApiException, HttpMethod, KubernetesObjectApi } from '@kubernetes/client-node';
import type { KubeConfig, ResponseContext } from '@kubernetes/client-node';

/** Requests that never answer would stall a watcher forever (client-node #2432): give up after this long. */
const REQUEST_TIMEOUT_MS = 30_000;

export class RawKubeApi extends KubernetesObjectApi {
  static forConfig(kc: KubeConfig): RawKubeApi {
    return kc.makeApiClient(RawKubeApi);
  }

  /** GET path with query parameters; resolves to the parsed JSON body, rejects with ApiException on non-2xx. */
  async getJson<T>(
    path: string,
    query: Record<string, string> = {},
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<T> {
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
    ctx.setHeaderParam('Accept', 'application/json');
    for (const [key, value] of Object.entries(query)) ctx.setQueryParam(key, value);
    ctx.setSignal(AbortSignal.timeout(timeoutMs));
    return (await this.requestPromise(ctx)) as unknown as T;
  }

  /**
   * PATCH path with a JSON merge patch (application/merge-patch+json, as `flux reconcile|suspend|resume`
   * send through controller-runtime's client.MergeFrom); resolves to the patched object.
   */
  async mergePatch<T>(path: string, patch: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('Content-Type', 'application/merge-patch+json');
    ctx.setBody(JSON.stringify(patch));
    ctx.setSignal(AbortSignal.timeout(timeoutMs));
    return (await this.requestPromise(ctx)) as unknown as T;
  }

  protected override async processResponse<T>(response: ResponseContext): Promise<T> {
    const text = await response.body.text();
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) return JSON.parse(text) as T;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's HTML error page): keep the text.
    }
    throw new ApiException(
      response.httpStatusCode,
      statusMessage(body, response.httpStatusCode),
      body,
      response.headers,
    );
  }
}

/** The message of a Kubernetes Status body, or a plain description of the HTTP status. */
export function statusMessage(body: unknown, code: number): string {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return `HTTP ${code}`;
}

/** The client could not produce credentials (an exec plugin failed, a token or cert file is unreadable). */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
}

export type KubeFailure =
  'forbidden' | 'unauthorized' | 'credentials' | 'not-found' | 'gone' | 'unreachable' | 'server-error';

/** Classifies an error from client-node (ApiException, fetch/network errors, timeouts). */
export function classifyError(err: unknown): { failure: KubeFailure; code?: number; message: string } {
  if (err instanceof CredentialError) return { failure: 'credentials', message: err.message };
  if (err instanceof ApiException) {
    const code = err.code;
    const message = statusMessage(err.body, code);
    if (code === 403) return { failure: 'forbidden', code, message };
    if (code === 401) return { failure: 'unauthorized', code, message };
    if (code === 404) return { failure: 'not-found', code, message };
    if (code === 410) return { failure: 'gone', code, message };
    return { failure: 'server-error', code, message: `${message} (HTTP ${code})` };
  }
  const withCode = err as { statusCode?: unknown; code?: unknown } | null;
  if (withCode && typeof withCode.statusCode === 'number') {
    // client-node's Watch rejects with an Error carrying statusCode when the watch request is refused.
    const code = withCode.statusCode;
    const message = err instanceof Error ? err.message : `HTTP ${code}`;
    if (code === 403) return { failure: 'forbidden', code, message };
    if (code === 401) return { failure: 'unauthorized', code, message };
    if (code === 404) return { failure: 'not-found', code, message };
    if (code === 410) return { failure: 'gone', code, message };
    return { failure: 'server-error', code, message: `${message} (HTTP ${code})` };
  }
  return { failure: 'unreachable', message: describeNetworkError(err) };
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${err.message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`.trim();
  }
  if (err.name === 'TimeoutError') return 'the API server did not answer in time';
  return err.message;
}
