/**
 * Command-line flags and their environment equivalents, parsed once at boot into a plain ServerConfig.
 * Nothing else in the server reads process.env or argv: plugins and routes get this object.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProxyEntry } from '../http/proxies.js';
import type { FleetModeConfig } from './nats-flags.js';

export type DemoScenario = 'bootstrap' | 'steady' | 'failure';
export const DEMO_SCENARIOS: readonly DemoScenario[] = ['bootstrap', 'steady', 'failure'];
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface ServerConfig {
  host: string;
  port: number;
  /** Explicit --kubeconfig (may be a path list like KUBECONFIG); undefined to follow kubectl's defaults. */
  kubeconfig?: string;
  /** KUBECONFIG as found in the environment (colon-separated list). */
  kubeconfigEnv?: string;
  /** The kubeconfig context (the first of --context a,b,c). */
  context?: string;
  /** --context a,b,c with more than one: each context its own cluster (connection, cache), in this order. */
  contexts?: string[];
  /** --all-contexts: every context of the kubeconfig, each its own cluster. */
  allContexts: boolean;
  demo: boolean;
  /** --demo-clusters N: N demo clusters (stages and regions in different states); 0 = off. */
  demoClusters: number;
  demoScenario: DemoScenario;
  /** Replay speed factor for the demo scenarios (1 = real time). */
  demoSpeed: number;
  enableActions: boolean;
  /** Pod logs (pods/log) are offered; --disable-logs when the server's identity may not read them. */
  logsEnabled: boolean;
  /** Bearer token every /api request must carry (or the session cookie POST /api/v1/login sets). */
  authToken?: string;
  /** Header an authenticating proxy sets with the user's name; requests without it are refused. */
  trustedProxyHeader?: string;
  /** Host names (besides the bind address, localhost and IP literals) requests may be sent to. */
  allowedHosts: string[];
  /** Addresses/CIDRs of proxies whose X-Forwarded-* and user header are believed. Undefined: none. */
  trustedProxies?: string[];
  /** Sign-in with an OpenID Connect provider (authorization code + PKCE); undefined: no OIDC. */
  oidc?: OidcConfig;
  /** Requests touching the cluster go to the API server as the signed-in user (Impersonate-User/-Group). */
  impersonate: boolean;
  /**
   * Only these of a user's groups are impersonated (the ones the server's identity may impersonate; the
   * API server refuses a whole request naming any other). Undefined: all of them.
   */
  impersonateGroups?: string[];
  /** Listening beyond loopback without a token or proxy header is refused unless this is set. */
  allowUnauthenticated: boolean;
  /** Namespace-scoped mode: watch only these namespaces, skip cluster-scoped kinds. Undefined: whole cluster. */
  namespaces?: string[];
  /** Built web app; undefined or missing on disk means API only. */
  staticDir?: string;
  logLevel: LogLevel;
  /** A watch that sends neither an event nor a bookmark for this long is restarted. */
  watchSilenceMs: number;
  /** How often the served kinds are rediscovered (CRDs installed or removed). */
  discoveryIntervalMs: number;
  /** SSE heartbeat comment interval. */
  heartbeatMs: number;
  /** Bytes an SSE client may leave unread in its socket buffer before it is dropped (it then resumes). */
  sseMaxBufferedBytes: number;
  /** Newest Flux events kept in memory. */
  maxEvents: number;
  /** Home directory for ~/.kube/config (overridable for tests). */
  home?: string;
  /** In-cluster detection: KUBERNETES_SERVICE_HOST/PORT; pathPrefix roots /var/run/secrets/... (tests only). */
  inCluster?: { host?: string; port?: string; pathPrefix: string };
  /** `fluxscope agent` / `fluxscope hub` (config/nats-flags.ts); absent for the plain server. */
  fleetMode?: FleetModeConfig;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** From --oidc-client-secret-file (a mounted Secret volume) or env; absent for a public client. */
  clientSecret?: string;
  /** The callback as the browser reaches it: <external origin>/api/v1/auth/oidc/callback. */
  redirectUrl: string;
  /** Where the provider sends the browser after its end-session (default: the redirect URL's origin + /). */
  postLogoutRedirectUrl: string;
  scopes: string[];
  /** ID token claim naming the user (default email). */
  usernameClaim: string;
  /** ID token claim listing the user's groups (default groups). */
  groupsClaim: string;
  /** The web app goes straight to the provider instead of showing the sign-in card. */
  autoLogin: boolean;
}

export class FlagError extends Error {}

interface FlagSpec {
  name: string;
  env?: string;
  takesValue: boolean;
  help: string;
}

const FLAGS: FlagSpec[] = [
  { name: 'host', env: 'FLUXSCOPE_HOST', takesValue: true, help: 'address to listen on (default 127.0.0.1)' },
  {
    name: 'port',
    env: 'FLUXSCOPE_PORT',
    takesValue: true,
    help: 'port to listen on (default 8080; 0 = any free port)',
  },
  {
    name: 'kubeconfig',
    env: 'FLUXSCOPE_KUBECONFIG',
    takesValue: true,
    help: 'kubeconfig file(s), like KUBECONFIG (default: $KUBECONFIG, ~/.kube/config, in-cluster, else demo)',
  },
  {
    name: 'context',
    env: 'FLUXSCOPE_CONTEXT',
    takesValue: true,
    help: 'kubeconfig context(s) to watch, comma-separated: each its own cluster (default: current-context)',
  },
  {
    name: 'all-contexts',
    env: 'FLUXSCOPE_ALL_CONTEXTS',
    takesValue: false,
    help: 'watch every context of the kubeconfig, each its own cluster',
  },
  {
    name: 'demo',
    env: 'FLUXSCOPE_DEMO',
    takesValue: false,
    help: 'serve the built-in demo cluster instead of a real one',
  },
  {
    name: 'demo-scenario',
    env: 'FLUXSCOPE_DEMO_SCENARIO',
    takesValue: true,
    help: 'demo scenario: bootstrap | steady | failure (default bootstrap)',
  },
  {
    name: 'demo-speed',
    env: 'FLUXSCOPE_DEMO_SPEED',
    takesValue: true,
    help: 'demo replay speed factor (default 1)',
  },
  {
    name: 'demo-clusters',
    env: 'FLUXSCOPE_DEMO_CLUSTERS',
    takesValue: true,
    help: 'play a fleet of N demo clusters (stages and regions, 1-12), each its own API server',
  },
  {
    name: 'enable-actions',
    env: 'FLUXSCOPE_ENABLE_ACTIONS',
    takesValue: false,
    help: 'allow reconcile/suspend/resume from the UI (default off: read-only)',
  },
  {
    name: 'disable-logs',
    env: 'FLUXSCOPE_DISABLE_LOGS',
    takesValue: false,
    help: 'do not offer Pod logs (the Helm chart sets this with logs.enabled=false: no pods/log RBAC)',
  },
  {
    name: 'auth-token-file',
    env: 'FLUXSCOPE_AUTH_TOKEN_FILE',
    takesValue: true,
    help: 'file holding the token users must present (or env FLUXSCOPE_AUTH_TOKEN; default: no token)',
  },
  {
    name: 'oidc-issuer',
    env: 'FLUXSCOPE_OIDC_ISSUER',
    takesValue: true,
    help: 'OpenID Connect issuer URL: sign in there (discovery, authorization code + PKCE)',
  },
  { name: 'oidc-client-id', env: 'FLUXSCOPE_OIDC_CLIENT_ID', takesValue: true, help: 'OIDC client id' },
  {
    name: 'oidc-client-secret-file',
    env: 'FLUXSCOPE_OIDC_CLIENT_SECRET_FILE',
    takesValue: true,
    help: 'file holding the OIDC client secret (or env FLUXSCOPE_OIDC_CLIENT_SECRET; none: a public client)',
  },
  {
    name: 'oidc-redirect-url',
    env: 'FLUXSCOPE_OIDC_REDIRECT_URL',
    takesValue: true,
    help: 'the callback URL as browsers reach it: https://<host>/api/v1/auth/oidc/callback',
  },
  {
    name: 'oidc-post-logout-redirect-url',
    env: 'FLUXSCOPE_OIDC_POST_LOGOUT_REDIRECT_URL',
    takesValue: true,
    help: "where the provider returns after sign-out (default: the redirect URL's origin)",
  },
  {
    name: 'oidc-scopes',
    env: 'FLUXSCOPE_OIDC_SCOPES',
    takesValue: true,
    help: 'scopes to ask for (default openid,profile,email,offline_access)',
  },
  {
    name: 'oidc-username-claim',
    env: 'FLUXSCOPE_OIDC_USERNAME_CLAIM',
    takesValue: true,
    help: 'ID token claim naming the user (default email)',
  },
  {
    name: 'oidc-groups-claim',
    env: 'FLUXSCOPE_OIDC_GROUPS_CLAIM',
    takesValue: true,
    help: "ID token claim holding the user's groups (default groups)",
  },
  {
    name: 'oidc-auto-login',
    env: 'FLUXSCOPE_OIDC_AUTO_LOGIN',
    takesValue: false,
    help: 'send signed-out browsers straight to the provider',
  },
  {
    name: 'impersonate',
    env: 'FLUXSCOPE_IMPERSONATE',
    takesValue: false,
    help: 'act and read as the signed-in user (Impersonate-User/-Group): each sees what their RBAC allows',
  },
  {
    name: 'impersonate-groups',
    env: 'FLUXSCOPE_IMPERSONATE_GROUPS',
    takesValue: true,
    help: "with --impersonate, pass only these of a user's groups (those the server may impersonate)",
  },
  {
    name: 'trusted-proxy-header',
    env: 'FLUXSCOPE_TRUSTED_PROXY_HEADER',
    takesValue: true,
    help: 'take the user from this header set by an authenticating proxy (e.g. X-Forwarded-User)',
  },
  {
    name: 'allowed-hosts',
    env: 'FLUXSCOPE_ALLOWED_HOSTS',
    takesValue: true,
    help: 'other host names the server answers to (comma-separated; *.example.com for subdomains)',
  },
  {
    name: 'trusted-proxies',
    env: 'FLUXSCOPE_TRUSTED_PROXIES',
    takesValue: true,
    help: 'addresses/CIDRs of proxies whose X-Forwarded-* (and user header) are believed',
  },
  {
    name: 'allow-unauthenticated',
    env: 'FLUXSCOPE_ALLOW_UNAUTHENTICATED',
    takesValue: false,
    help: 'allow listening beyond loopback without a token or proxy header',
  },
  {
    name: 'namespaces',
    env: 'FLUXSCOPE_NAMESPACES',
    takesValue: true,
    help: 'watch only these namespaces (comma-separated); cluster-scoped kinds are skipped',
  },
  {
    name: 'static-dir',
    env: 'FLUXSCOPE_STATIC_DIR',
    takesValue: true,
    help: 'built web app to serve (default web/dist)',
  },
  {
    name: 'log-level',
    env: 'FLUXSCOPE_LOG_LEVEL',
    takesValue: true,
    help: 'fatal|error|warn|info|debug|trace|silent (default info)',
  },
  {
    name: 'watch-silence-timeout',
    env: 'FLUXSCOPE_WATCH_SILENCE_TIMEOUT',
    takesValue: true,
    help: 'seconds without an event or bookmark before a watch is restarted (default 120)',
  },
  { name: 'help', takesValue: false, help: 'print this help' },
];

export function helpText(): string {
  const lines = [
    'Usage: fluxscope [flags]',
    '',
    'A live web dashboard for FluxCD. Read-only by default.',
    '',
    'Flags:',
  ];
  for (const f of FLAGS) {
    const flag = `  --${f.name}${f.takesValue ? ' <value>' : ''}`;
    lines.push(`${flag.padEnd(34)}${f.help}${f.env ? ` [env ${f.env}]` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** The web app built next to this package: <repo>/web/dist when running from server/dist or server/src. */
export function defaultStaticDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'dist');
}

/** Each demo cluster is an HTTPS server with its own simulator: a dozen is a fleet page, not a load test. */
export const MAX_DEMO_CLUSTERS = 12;

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The token from FLUXSCOPE_AUTH_TOKEN or --auth-token-file (never a flag value: argv shows in `ps`). */
function readToken(file: string | undefined, fromEnv: string | undefined): string | undefined {
  if (file !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new FlagError(`--auth-token-file ${file}: ${(err as Error).message}`);
    }
    const token = text.trim();
    if (token === '') throw new FlagError(`--auth-token-file ${file} is empty`);
    return token;
  }
  const token = fromEnv?.trim();
  return token ? token : undefined;
}

function readSecret(flag: string, file: string | undefined, fromEnv: string | undefined): string | undefined {
  if (file === undefined) return fromEnv?.trim() || undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new FlagError(`--${flag} ${file}: ${(err as Error).message}`);
  }
  if (text.trim() === '') throw new FlagError(`--${flag} ${file} is empty`);
  return text.trim();
}

const CLAIM_NAME = /^[A-Za-z0-9_:./-]{1,128}$/;

function httpUrl(flag: string, value: string, loopbackHttpOnly: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FlagError(`--${flag}: "${value}" is not a URL`);
  }
  // Tokens and codes travel to and from these URLs: plain HTTP only where nothing leaves the machine.
  const loopback = isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (loopback || !loopbackHttpOnly)))
    throw new FlagError(`--${flag}: "${value}" must be https (http only on 127.0.0.1/localhost)`);
  return url;
}

function parseOidc(
  values: Map<string, string>,
  env: Readonly<Record<string, string | undefined>>,
): OidcConfig | undefined {
  const issuer = values.get('oidc-issuer');
  const others = [...values.keys()].filter(k => k.startsWith('oidc-') && k !== 'oidc-issuer');
  if (issuer === undefined) {
    if (others.length) throw new FlagError(`--${others[0]} needs --oidc-issuer`);
    return undefined;
  }
  httpUrl('oidc-issuer', issuer, true);
  const clientId = values.get('oidc-client-id');
  if (!clientId) throw new FlagError('--oidc-issuer needs --oidc-client-id');
  const redirect = values.get('oidc-redirect-url');
  if (!redirect)
    throw new FlagError(
      '--oidc-issuer needs --oidc-redirect-url (the callback as browsers reach it, e.g. https://fluxscope.example.com/api/v1/auth/oidc/callback)',
    );
  const redirectUrl = httpUrl('oidc-redirect-url', redirect, true);
  if (redirectUrl.pathname !== '/api/v1/auth/oidc/callback')
    throw new FlagError(`--oidc-redirect-url must end in /api/v1/auth/oidc/callback, got "${redirect}"`);
  const postLogout = values.get('oidc-post-logout-redirect-url') ?? `${redirectUrl.origin}/`;
  httpUrl('oidc-post-logout-redirect-url', postLogout, true);
  const scopes = parseList(values.get('oidc-scopes') ?? 'openid,profile,email,offline_access');
  if (!scopes.includes('openid')) throw new FlagError('--oidc-scopes must include openid');
  const usernameClaim = values.get('oidc-username-claim') ?? 'email';
  const groupsClaim = values.get('oidc-groups-claim') ?? 'groups';
  for (const [flag, claim] of [
    ['oidc-username-claim', usernameClaim],
    ['oidc-groups-claim', groupsClaim],
  ] as const)
    if (!CLAIM_NAME.test(claim)) throw new FlagError(`--${flag}: "${claim}" is not a claim name`);
  const clientSecret = readSecret(
    'oidc-client-secret-file',
    values.get('oidc-client-secret-file'),
    env['FLUXSCOPE_OIDC_CLIENT_SECRET'],
  );
  return {
    issuer,
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    redirectUrl: redirectUrl.href,
    postLogoutRedirectUrl: postLogout,
    scopes,
    usernameClaim,
    groupsClaim,
    autoLogin: values.get('oidc-auto-login') === 'true',
  };
}

/** Shorter tokens can be guessed or were typed by hand; 32 characters is what `openssl rand -hex 16` gives. */
export const MIN_TOKEN_LENGTH = 32;

function checkTokenLength(token: string | undefined, source: string): string | undefined {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH)
    throw new FlagError(
      `the token from ${source} has ${token.length} characters: use at least ${MIN_TOKEN_LENGTH}, ` +
        'e.g. from `openssl rand -hex 32`',
    );
  return token;
}

const HOST_NAME = /^(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

function parseList(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(',').map(n => n.trim()))].filter(n => n !== '');
}

function parseAllowedHosts(value: string | undefined): string[] {
  const names = parseList(value).map(n => n.toLowerCase().replace(/\.$/, ''));
  for (const name of names)
    if (!HOST_NAME.test(name) || name.length > 253)
      throw new FlagError(`--allowed-hosts: "${name}" is not a host name (or *.domain, or *)`);
  return names;
}

function parseTrustedProxies(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const entries = parseList(value);
  if (entries.length === 0) throw new FlagError('--trusted-proxies needs at least one address or CIDR');
  for (const entry of entries)
    if (!parseProxyEntry(entry))
      throw new FlagError(`--trusted-proxies: "${entry}" is not an IP address or CIDR block`);
  return entries;
}

const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function parseNamespaces(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = [...new Set(value.split(',').map(n => n.trim()))].filter(n => n !== '');
  if (names.length === 0) throw new FlagError('--namespaces needs at least one namespace');
  for (const name of names)
    if (!NAMESPACE_NAME.test(name) || name.length > 63)
      throw new FlagError(`--namespaces: "${name}" is not a namespace name`);
  return names;
}

function truthy(value: string): boolean {
  return !['', '0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

/** Parses argv (without node and script) over env; throws FlagError with a message fit for the user. */
export function parseFlags(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ServerConfig | 'help' {
  const values = new Map<string, string>();
  for (const f of FLAGS) {
    const fromEnv = f.env ? env[f.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '')
      values.set(f.name, f.takesValue ? fromEnv : String(truthy(fromEnv)));
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h') return 'help';
    if (!arg.startsWith('--')) throw new FlagError(`unexpected argument "${arg}" (see --help)`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = FLAGS.find(f => f.name === name);
    if (!spec) throw new FlagError(`unknown flag --${name} (see --help)`);
    if (spec.takesValue) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new FlagError(`--${name} needs a value`);
      values.set(name, value);
    } else {
      values.set(name, eq > 0 ? String(truthy(arg.slice(eq + 1))) : 'true');
    }
  }
  if (values.get('help') === 'true') return 'help';

  const port = Number(values.get('port') ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new FlagError(`--port must be 0-65535, got "${values.get('port')}"`);
  const scenario = values.get('demo-scenario') ?? 'bootstrap';
  if (!DEMO_SCENARIOS.includes(scenario as DemoScenario)) {
    throw new FlagError(`--demo-scenario must be one of ${DEMO_SCENARIOS.join(', ')}, got "${scenario}"`);
  }
  const demoSpeed = Number(values.get('demo-speed') ?? '1');
  if (!(demoSpeed > 0))
    throw new FlagError(`--demo-speed must be a positive number, got "${values.get('demo-speed')}"`);
  const demoClusters = Number(values.get('demo-clusters') ?? '0');
  if (!Number.isInteger(demoClusters) || demoClusters < 0 || demoClusters > MAX_DEMO_CLUSTERS)
    throw new FlagError(
      `--demo-clusters must be a whole number 0-${MAX_DEMO_CLUSTERS}, got "${values.get('demo-clusters')}"`,
    );
  const contexts = parseList(values.get('context'));
  const allContexts = values.get('all-contexts') === 'true';
  if (allContexts && contexts.length > 0)
    throw new FlagError('--all-contexts and --context name the clusters twice: pass one of them');
  const logLevel = values.get('log-level') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel as LogLevel))
    throw new FlagError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const silence = Number(values.get('watch-silence-timeout') ?? '120');
  if (!(silence > 0)) throw new FlagError('--watch-silence-timeout must be a positive number of seconds');
  const authToken = checkTokenLength(
    readToken(values.get('auth-token-file'), env['FLUXSCOPE_AUTH_TOKEN']),
    values.has('auth-token-file')
      ? `--auth-token-file ${values.get('auth-token-file')}`
      : 'FLUXSCOPE_AUTH_TOKEN',
  );
  const trustedProxies = parseTrustedProxies(values.get('trusted-proxies'));
  const proxyHeader = values.get('trusted-proxy-header')?.trim().toLowerCase() || undefined;
  if (proxyHeader !== undefined && !/^[a-z0-9-]+$/.test(proxyHeader))
    throw new FlagError(`--trusted-proxy-header must be a header name, got "${proxyHeader}"`);
  const host = values.get('host') ?? '127.0.0.1';
  const allowUnauthenticated = values.get('allow-unauthenticated') === 'true';
  const oidc = parseOidc(values, env);
  if (oidc && authToken)
    throw new FlagError(
      '--oidc-issuer and a token are two sign-ins: choose one (API clients of an OIDC install use the browser session)',
    );
  const impersonate = values.get('impersonate') === 'true';
  const impersonateGroups = values.has('impersonate-groups')
    ? parseList(values.get('impersonate-groups'))
    : undefined;
  if (impersonateGroups && !impersonate) throw new FlagError('--impersonate-groups needs --impersonate');
  if (impersonate && !oidc && !proxyHeader)
    throw new FlagError('--impersonate needs a signed-in user: --oidc-issuer or --trusted-proxy-header');
  if (!isLoopbackHost(host) && !authToken && !proxyHeader && !oidc && !allowUnauthenticated) {
    throw new FlagError(
      `refusing to listen on ${host} without auth: anyone who can reach it would see (and with actions, change) ` +
        'the Flux objects. Set FLUXSCOPE_AUTH_TOKEN (or --auth-token-file), --oidc-issuer or --trusted-proxy-header, or pass ' +
        '--allow-unauthenticated if something else protects it',
    );
  }

  return {
    host,
    port,
    kubeconfig: values.get('kubeconfig'),
    kubeconfigEnv: env['KUBECONFIG'] || undefined,
    context: contexts[0],
    ...(contexts.length > 1 ? { contexts } : {}),
    allContexts,
    demo: values.get('demo') === 'true',
    demoClusters,
    demoScenario: scenario as DemoScenario,
    demoSpeed,
    enableActions: values.get('enable-actions') === 'true',
    logsEnabled: values.get('disable-logs') !== 'true',
    ...(authToken ? { authToken } : {}),
    ...(proxyHeader ? { trustedProxyHeader: proxyHeader } : {}),
    allowedHosts: parseAllowedHosts(values.get('allowed-hosts')),
    ...(trustedProxies ? { trustedProxies } : {}),
    ...(oidc ? { oidc } : {}),
    impersonate,
    ...(impersonateGroups ? { impersonateGroups } : {}),
    allowUnauthenticated,
    namespaces: parseNamespaces(values.get('namespaces')),
    staticDir: values.get('static-dir') ?? defaultStaticDir(),
    logLevel: logLevel as LogLevel,
    watchSilenceMs: silence * 1000,
    discoveryIntervalMs: 60_000,
    heartbeatMs: 15_000,
    sseMaxBufferedBytes: 8 * 1024 * 1024,
    maxEvents: 5000,
    home: env['HOME'] || env['USERPROFILE'],
    inCluster: {
      host: env['KUBERNETES_SERVICE_HOST'],
      port: env['KUBERNETES_SERVICE_PORT'],
      pathPrefix: '',
    },
  };
}
