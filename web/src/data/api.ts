/**
 * One typed fetch wrapper for the server's API: every failure becomes an ApiError carrying the HTTP status
 * (0 when the server could not be reached at all), so views can tell "server down" from "not found".
 */
import type { FluxAction, ObjRef, Snapshot } from '@fluxscope/shared';
import { refPathSegments } from '@fluxscope/shared';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path: string,
    /**
     * On a 401: what the server wants, a token (show the sign-in prompt), an authenticating proxy, or a
     * sign-in with its identity provider (OIDC: `signIn` is where it starts).
     */
    readonly auth?: 'token' | 'proxy' | 'oidc',
    readonly signIn?: { path: string; auto: boolean },
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server itself is not answering (network error or a proxy's 502/503/504). */
  get serverDown(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

/** Dispatched on window with the ApiError when the server answers 401. */
export const UNAUTHORIZED_EVENT = 'fluxscope:unauthorized';

async function request(path: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { accept: 'application/json, text/plain', ...init?.headers },
    });
  } catch (err) {
    throw new ApiError(0, `Fluxscope server unreachable: ${(err as Error).message}`, path);
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    let auth: ApiError['auth'];
    let signIn: ApiError['signIn'];
    try {
      const body = (await response.json()) as {
        message?: unknown;
        auth?: unknown;
        login?: unknown;
        autoLogin?: unknown;
      };
      if (typeof body.message === 'string') message = body.message;
      if (body.auth === 'token' || body.auth === 'proxy' || body.auth === 'oidc') auth = body.auth;
      if (typeof body.login === 'string' && body.login.startsWith('/api/'))
        signIn = { path: body.login, auto: body.autoLogin === true };
    } catch {
      // Not JSON: keep the status line.
    }
    const error = new ApiError(response.status, message, path, auth, signIn);
    // The sign-in prompt listens for this, whichever request (snapshot, action...) hit the 401.
    if (response.status === 401 && typeof window !== 'undefined')
      window.dispatchEvent(new CustomEvent<ApiError>(UNAUTHORIZED_EVENT, { detail: error }));
    throw error;
  }
  return response;
}

export async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
  return (await (await request(path, init)).json()) as T;
}

export async function getText(path: string): Promise<string> {
  return (await request(path)).text();
}

/**
 * The one way the app writes: a JSON POST, answered with JSON (or nothing: `{}`). `headers` add to the
 * content type, e.g. ACTION_HEADERS for Flux actions.
 */
export async function postJson<T>(
  path: string,
  body: unknown = {},
  options: { headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...options.headers },
  });
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/**
 * The server refuses action POSTs without this header: a custom header needs a CORS preflight, which a
 * cross-site form or script cannot pass (CSRF).
 */
export const ACTION_HEADERS: Record<string, string> = { 'x-fluxscope-action': '1' };

/**
 * A per-cluster API path for a cluster named in the URL: `/api/v1/x` → `/api/v1/c/{cluster}/x`. Without a
 * cluster (the default one) the path is unchanged; the fleet routes and sign-in are not per cluster.
 */
export function clusterApiPath(cluster: string | undefined, path: string): string {
  if (!cluster || !path.startsWith('/api/v1/') || /^\/api\/v1\/(c|fleet|login|logout)(\/|\?|$)/.test(path))
    return path;
  return `/api/v1/c/${encodeURIComponent(cluster)}/${path.slice('/api/v1/'.length)}`;
}

export const fetchSnapshot = (signal?: AbortSignal, cluster?: string): Promise<Snapshot> =>
  getJson<Snapshot>(clusterApiPath(cluster, '/api/v1/snapshot'), signal ? { signal } : undefined);

/** The fleet routes (all clusters). */
export const fleetPaths = {
  fleet: '/api/v1/fleet',
  failing: '/api/v1/fleet/failing?limit=100',
  search: (q: string) => `/api/v1/fleet/search?${new URLSearchParams({ q, limit: '100' }).toString()}`,
};

const seg = (value: string): string => encodeURIComponent(value);
/** `{group}/{kind}/{namespace}/{name}`, encoded (`core` for the core group, `_` for no namespace). */
const refSegs = (ref: ObjRef): string => refPathSegments(ref).map(seg).join('/');

export const apiPaths = {
  stream: '/api/v1/stream',
  action: (action: FluxAction, ref: ObjRef) => `/api/v1/actions/${action}/${refSegs(ref)}`,
  object: (ref: ObjRef) => `/api/v1/objects/${refSegs(ref)}`,
  treeText: (ref: ObjRef) => {
    const [, ...kindNamespaceName] = refPathSegments(ref).map(seg);
    return `/api/v1/tree/${kindNamespaceName.join('/')}?format=text`;
  },
  traceText: (ref: ObjRef, version: string) => {
    const [group, ...kindNamespaceName] = refPathSegments(ref).map(seg);
    return `/api/v1/trace/${group}/${seg(version)}/${kindNamespaceName.join('/')}?format=text`;
  },
  helmHistoryText: (ref: ObjRef) => {
    const [, , namespace, name] = refPathSegments(ref).map(seg);
    return `/api/v1/helm/${namespace}/${name}/history?format=text`;
  },
  helmValues: (ref: ObjRef) => {
    const [, , namespace, name] = refPathSegments(ref).map(seg);
    return `/api/v1/helm/${namespace}/${name}/values`;
  },
  statsText: '/api/v1/stats?format=text',
  objectsText: '/api/v1/objects?format=text',
  eventsText: (filter: Record<string, string | undefined>) => {
    const params = new URLSearchParams({ format: 'text' });
    for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
    return `/api/v1/events?${params.toString()}`;
  },
  rootCauseText: (ref: ObjRef) => `/api/v1/root-cause/${refSegs(ref)}?format=text`,
  demoRestart: '/api/v1/demo/restart',
  login: '/api/v1/login',
  logout: '/api/v1/logout',
  me: '/api/v1/me',
};
