/**
 * An OpenID Connect provider for tests, over real HTTP on 127.0.0.1:0: discovery, JWKS, an authorization
 * endpoint that signs in a chosen user at once (the browser-facing login page is the test bed's, with the
 * real provider), a token endpoint with client authentication, one-time codes, PKCE (S256) and refresh
 * tokens, and end-session. ID tokens are RS256 JWTs signed with node:crypto. `misbehave` makes it answer
 * the ways an attacker or a broken provider would (a token signed by another key, an expired one, a wrong
 * nonce), so the relying party's checks are tested against real tokens.
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestUser {
  sub: string;
  email: string;
  groups: string[];
}

export type Misbehaviour = 'forged-signature' | 'expired' | 'wrong-nonce' | 'wrong-audience' | undefined;

interface CodeGrant {
  user: TestUser;
  nonce: string;
  challenge: string;
  redirectUri: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function keyPair(): { privateKey: KeyObject; jwk: Record<string, unknown> } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    jwk: publicKey.export({ format: 'jwk' }),
  };
}

export class TestOidcProvider {
  readonly clientId = 'fluxscope';
  readonly clientSecret = randomBytes(16).toString('hex');
  url = '';
  /** The user the authorization endpoint signs in next. */
  user: TestUser = { sub: 'alice', email: 'alice@example.com', groups: ['team-a'] };
  misbehave: Misbehaviour;
  /** Seconds the access token lives (expires_in): short values make the relying party refresh. */
  accessTokenSeconds = 3600;
  /** Refresh tokens the provider still honours; clear it to revoke every session. */
  readonly refreshTokens = new Map<string, TestUser>();
  readonly requests: string[] = [];
  private readonly codes = new Map<string, CodeGrant>();
  private readonly key = keyPair();
  private readonly otherKey = keyPair();
  private server: http.Server | undefined;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }

  idToken(
    user: TestUser,
    nonce: string | undefined,
    options: { exp?: number; aud?: string; signWith?: KeyObject } = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: 'k1' };
    const payload = {
      iss: this.url,
      sub: user.sub,
      aud: options.aud ?? this.clientId,
      iat: now,
      exp: options.exp ?? now + 3600,
      ...(nonce !== undefined ? { nonce } : {}),
      email: user.email,
      groups: user.groups,
    };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const signature = sign('sha256', Buffer.from(input), options.signWith ?? this.key.privateKey);
    return `${input}.${b64url(signature)}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}`);
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer: this.url,
        authorization_endpoint: `${this.url}/authorize`,
        token_endpoint: `${this.url}/token`,
        jwks_uri: `${this.url}/jwks`,
        end_session_endpoint: `${this.url}/end-session`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    if (url.pathname === '/jwks')
      return json(200, { keys: [{ ...this.key.jwk, kid: 'k1', alg: 'RS256', use: 'sig' }] });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== this.clientId || q.get('code_challenge_method') !== 'S256')
        return json(400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, {
        user: this.user,
        nonce: q.get('nonce') ?? '',
        challenge: q.get('code_challenge') ?? '',
        redirectUri: q.get('redirect_uri') ?? '',
      });
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      back.searchParams.set('iss', this.url);
      res.writeHead(302, { location: back.toString() });
      return void res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const basic = Buffer.from(
        (req.headers.authorization ?? '').replace(/^Basic /, ''),
        'base64',
      ).toString();
      const [id, secret] = basic.split(':').map(decodeURIComponent);
      if (id !== this.clientId || secret !== this.clientSecret) return json(401, { error: 'invalid_client' });
      if (form.get('grant_type') === 'authorization_code') {
        const code = form.get('code') ?? '';
        const grant = this.codes.get(code);
        this.codes.delete(code); // one use only
        if (!grant)
          return json(400, {
            error: 'invalid_grant',
            error_description: 'the code is unknown or was already used',
          });
        const verifier = form.get('code_verifier') ?? '';
        if (b64url(createHash('sha256').update(verifier).digest()) !== grant.challenge)
          return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
        if (form.get('redirect_uri') !== grant.redirectUri) return json(400, { error: 'invalid_grant' });
        return json(200, this.tokens(grant.user, grant.nonce));
      }
      if (form.get('grant_type') === 'refresh_token') {
        const user = this.refreshTokens.get(form.get('refresh_token') ?? '');
        if (!user) return json(400, { error: 'invalid_grant', error_description: 'refresh token revoked' });
        this.refreshTokens.delete(form.get('refresh_token') ?? '');
        return json(200, this.tokens(user, undefined));
      }
      return json(400, { error: 'unsupported_grant_type' });
    }
    if (url.pathname === '/end-session') {
      res.writeHead(302, { location: url.searchParams.get('post_logout_redirect_uri') ?? '/' });
      return void res.end();
    }
    json(404, { error: 'not_found' });
  }

  private tokens(user: TestUser, nonce: string | undefined): Record<string, unknown> {
    const refresh = randomBytes(16).toString('hex');
    this.refreshTokens.set(refresh, user);
    const now = Math.floor(Date.now() / 1000);
    const mode = this.misbehave;
    const idToken = this.idToken(user, mode === 'wrong-nonce' ? 'not-the-nonce' : nonce, {
      ...(mode === 'expired' ? { exp: now - 600 } : {}),
      ...(mode === 'wrong-audience' ? { aud: 'someone-else' } : {}),
      ...(mode === 'forged-signature' ? { signWith: this.otherKey.privateKey } : {}),
    });
    // A refreshed ID token carries no nonce.
    return {
      access_token: randomBytes(16).toString('hex'),
      token_type: 'Bearer',
      expires_in: this.accessTokenSeconds,
      refresh_token: refresh,
      id_token: idToken,
    };
  }
}
