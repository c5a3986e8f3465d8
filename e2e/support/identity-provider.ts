/**
 * The test bed's OpenID Connect provider: Ory Hydra (built by `testbed/build.sh --tools`, in-memory store)
 * and its login/consent app (testbed/servers/login-app.mjs: users alice, bob, carol), both on free loopback
 * ports, with Fluxscope registered as a confidential client (code + refresh token, PKCE). Used by the test
 * bed's OIDC suite (testbed/tests/rbac-oidc.test.ts) and its browser spec (e2e/tests/testbed-oidc.spec.ts).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './server-process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

export const TEST_USERS = {
  alice: { password: 'alice-password', groups: ['team-a', 'developers'] },
  bob: { password: 'bob-password', groups: ['viewer'] },
  carol: { password: 'carol-password', groups: [] as string[] },
} as const;
export type TestUserName = keyof typeof TEST_USERS;

export interface IdentityProvider {
  issuer: string;
  clientId: string;
  /** A file holding the client secret, as the chart mounts it from a Secret. */
  secretFile: string;
  /** Fluxscope's flags for this provider (add --kubeconfig, --impersonate...). */
  fluxscopeArgs(fluxscopeUrl: string): string[];
  stop(): Promise<void>;
  logs(): string;
}

/** Hydra from the test bed's tools folder (testbed/build.sh --print-tools-bin). */
export async function hydraBinary(): Promise<string> {
  const { stdout } = await run('bash', [path.join(root, 'testbed/build.sh'), '--print-tools-bin']);
  const bin = path.join(stdout.trim().split('\n').pop() ?? '', 'hydra');
  if (!fs.existsSync(bin))
    throw new Error(`no hydra at ${bin}: build the test bed's tools first (bash testbed/build.sh --tools)`);
  return bin;
}

async function waitUp(url: string, what: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not come up at ${url}:\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise(resolve => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts Hydra and the login app, registers Fluxscope (redirect to `fluxscopeUrl`'s callback). */
export async function startIdentityProvider(fluxscopeUrl: string): Promise<IdentityProvider> {
  const hydra = await hydraBinary();
  const [publicPort, adminPort, loginPort] = [await freePort(), await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${publicPort}`;
  const admin = `http://127.0.0.1:${adminPort}`;
  const loginApp = `http://127.0.0.1:${loginPort}`;
  let output = '';
  const collect = (child: ChildProcess, name: string) => {
    child.stdout?.on('data', (d: Buffer) => (output += `[${name}] ${d.toString()}`));
    child.stderr?.on('data', (d: Buffer) => (output += `[${name}] ${d.toString()}`));
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fluxscope-idp-'));
  const hydraProc = spawn(hydra, ['serve', 'all', '--dev'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: work,
      DSN: 'memory',
      SERVE_PUBLIC_HOST: '127.0.0.1',
      SERVE_PUBLIC_PORT: String(publicPort),
      SERVE_ADMIN_HOST: '127.0.0.1',
      SERVE_ADMIN_PORT: String(adminPort),
      URLS_SELF_ISSUER: issuer,
      URLS_LOGIN: `${loginApp}/login`,
      URLS_CONSENT: `${loginApp}/consent`,
      URLS_LOGOUT: `${loginApp}/logout`,
      SECRETS_SYSTEM: randomBytes(24).toString('hex'),
      LOG_LEVEL: 'warn',
      SQA_OPT_OUT: 'true',
    },
  });
  collect(hydraProc, 'hydra');
  const loginProc = spawn(
    process.execPath,
    [path.join(root, 'testbed/servers/login-app.mjs'), '--port', String(loginPort), '--hydra-admin', admin],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  collect(loginProc, 'login-app');
  const stop = async () => {
    await Promise.all([stopChild(hydraProc), stopChild(loginProc)]);
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    await waitUp(`${issuer}/health/ready`, 'hydra', hydraProc, () => output);
    await waitUp(`${loginApp}/healthz`, 'the login app', loginProc, () => output);
    const clientSecret = randomBytes(24).toString('hex');
    const res = await fetch(`${admin}/admin/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: 'fluxscope',
        client_secret: clientSecret,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'openid offline_access email profile',
        redirect_uris: [`${fluxscopeUrl}/api/v1/auth/oidc/callback`],
        post_logout_redirect_uris: [`${fluxscopeUrl}/`],
        token_endpoint_auth_method: 'client_secret_basic',
      }),
    });
    if (!res.ok) throw new Error(`registering the client at hydra: ${res.status} ${await res.text()}`);
    const secretFile = path.join(work, 'client-secret');
    fs.writeFileSync(secretFile, clientSecret, { mode: 0o600 });
    return {
      issuer,
      clientId: 'fluxscope',
      secretFile,
      fluxscopeArgs: url => [
        '--oidc-issuer',
        issuer,
        '--oidc-client-id',
        'fluxscope',
        '--oidc-client-secret-file',
        secretFile,
        '--oidc-redirect-url',
        `${url}/api/v1/auth/oidc/callback`,
        // Hydra's subject is the user name the login app accepted (alice, bob, carol): RBAC binds those.
        '--oidc-username-claim',
        'sub',
      ],
      stop,
      logs: () => output,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A browser's cookies for fetch, per host:port (name=value only; enough for these flows). */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.jars.get(url.host) ?? new Map<string, string>())]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  take(url: URL, res: Response): void {
    const jar = this.jars.get(url.host) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.jars.set(url.host, jar);
  }
}

/**
 * Signs in through the whole flow as a browser would, without one: Fluxscope's login, Hydra, the login
 * form (POST), consent, back to Fluxscope's callback. Resolves to Fluxscope's session cookie header.
 */
export async function signInWithFetch(
  fluxscopeUrl: string,
  user: TestUserName,
  password?: string,
): Promise<string> {
  const jar = new CookieJar();
  let url = new URL(`${fluxscopeUrl}/api/v1/auth/oidc/login`);
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
    jar.take(url, res);
    if (url.pathname === '/api/v1/auth/oidc/callback') {
      const session = jar
        .header(url)
        .split('; ')
        .find(c => c.startsWith('fluxscope_session='));
      if (res.status === 303 && session) return session;
      throw new Error(`sign-in as ${user} refused by Fluxscope: ${res.status} ${await res.text()}`);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url);
      continue;
    }
    const body = await res.text();
    if (url.pathname === '/login' && res.status === 200) {
      const challenge = /name="login_challenge" value="([^"]+)"/.exec(body)?.[1] ?? '';
      const post = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(url) },
        body: new URLSearchParams({
          login_challenge: challenge.replace(/&amp;/g, '&'),
          username: user,
          password: password ?? TEST_USERS[user].password,
        }).toString(),
      });
      jar.take(url, post);
      const next = post.headers.get('location');
      if (!next)
        throw new Error(`sign-in as ${user} refused by the login form: ${post.status} ${await post.text()}`);
      url = new URL(next, url);
      continue;
    }
    throw new Error(`sign-in as ${user} stopped at ${url.toString()}: ${res.status} ${body.slice(0, 500)}`);
  }
  throw new Error(`sign-in as ${user}: too many redirects`);
}

/**
 * Applies testbed/fixture/teams.yaml (team-a and team-b, their Flux objects and RBAC) with the test bed's
 * kubectl; idempotent, so both OIDC suites may apply it.
 */
export async function applyTeams(kubeconfig: string): Promise<void> {
  const gitUrl = `http://127.0.0.1:${process.env['TB_GIT_PORT'] ?? '28174'}/fleet.git`;
  const yaml = fs
    .readFileSync(path.join(root, 'testbed/fixture/teams.yaml'), 'utf8')
    .replaceAll('${GIT_URL}', gitUrl);
  const child = spawn('bash', [path.join(root, 'testbed/testbed.sh'), 'kubectl', 'apply', '-f', '-'], {
    env: {
      ...process.env,
      FLUXSCOPE_TESTBED_WORK: process.env['FLUXSCOPE_TESTBED_WORK'] ?? path.dirname(kubeconfig),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  child.stdin.end(yaml);
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
  if (code !== 0) throw new Error(`kubectl apply teams.yaml failed (${code}): ${output}`);
}
