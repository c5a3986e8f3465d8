// The login and consent app for the test bed's OpenID Connect provider (Ory Hydra, which delegates both):
//  - GET /login?login_challenge=...  an HTML sign-in form; POST /login checks the password and accepts the
//    login at Hydra's admin API (subject = the user name), or shows the form again with the reason;
//  - GET /consent?consent_challenge=...  accepts the requested scopes and puts the user's `groups`, `email`
//    and `name` into the ID token's session (first-party app: no consent screen);
//  - GET /logout?logout_challenge=...  accepts Hydra's end-session, so signing out ends it there too.
// Users: alice (groups team-a and developers), bob (group viewer), carol (no group, no binding); password
// "<name>-password". Two groups for alice: each must reach the API server as its own Impersonate-Group line.
// Loopback only. Usage: node login-app.mjs --port N --hydra-admin http://127.0.0.1:M
import { createServer } from 'node:http';
import { URLSearchParams } from 'node:url';
import { parseArgs } from 'node:util';

const HOST = '127.0.0.1';
const { values: args } = parseArgs({
  options: { port: { type: 'string' }, 'hydra-admin': { type: 'string' } },
});
const ADMIN = args['hydra-admin'];
if (!ADMIN || !args.port) {
  console.error('usage: node login-app.mjs --port N --hydra-admin URL');
  process.exit(2);
}

export const USERS = {
  alice: { password: 'alice-password', groups: ['team-a', 'developers'], name: 'Alice Example' },
  bob: { password: 'bob-password', groups: ['viewer'], name: 'Bob Example' },
  carol: { password: 'carol-password', groups: [], name: 'Carol Example' },
};

const escape = text =>
  String(text).replace(
    /[&<>"']/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

async function admin(method, path, body) {
  const res = await fetch(`${ADMIN}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`hydra ${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

function page(res, status, title, body) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No form-action: the form's answer redirects to the provider, which form-action would also have to allow.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>` +
      '<meta name="viewport" content="width=device-width">' +
      '<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:12vh auto;padding:0 1rem;color:#1b1f24}' +
      'label{display:block;margin:.75rem 0 .25rem}input{width:100%;box-sizing:border-box;padding:.45rem;font:inherit}' +
      'button{margin-top:1rem;padding:.5rem 1rem;font:inherit;background:#0b5cad;color:#fff;border:0;border-radius:4px}' +
      '.error{color:#a4161a}</style></head><body>' +
      body +
      '</body></html>',
  );
}

function loginForm(res, challenge, error, username = '') {
  page(
    res,
    error ? 401 : 200,
    'Sign in · Test bed identity provider',
    '<h1>Test bed identity provider</h1><p>Sign in to continue to Fluxscope.</p>' +
      (error ? `<p class="error" role="alert">${escape(error)}</p>` : '') +
      '<form method="post" action="/login">' +
      `<input type="hidden" name="login_challenge" value="${escape(challenge)}">` +
      `<label for="username">Username</label><input id="username" name="username" autocomplete="username" value="${escape(username)}" autofocus>` +
      '<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">' +
      '<button type="submit">Sign in</button></form>',
  );
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const redirect = (res, location) => {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
};

async function handle(req, res) {
  const url = new URL(req.url, `http://${HOST}`);
  const q = url.searchParams;
  if (url.pathname === '/login' && req.method === 'GET') {
    const challenge = q.get('login_challenge') ?? '';
    const login = await admin(
      'GET',
      `/admin/oauth2/auth/requests/login?login_challenge=${encodeURIComponent(challenge)}`,
    );
    // A remembered session is never kept (remember: false): each sign-in shows the form.
    if (login.skip) {
      const accepted = await admin(
        'PUT',
        `/admin/oauth2/auth/requests/login/accept?login_challenge=${encodeURIComponent(challenge)}`,
        { subject: login.subject },
      );
      return redirect(res, accepted.redirect_to);
    }
    return loginForm(res, challenge);
  }
  if (url.pathname === '/login' && req.method === 'POST') {
    const form = await readForm(req);
    const challenge = form.get('login_challenge') ?? '';
    const username = (form.get('username') ?? '').trim();
    const user = Object.hasOwn(USERS, username) ? USERS[username] : undefined;
    if (!user || form.get('password') !== user.password)
      return loginForm(res, challenge, 'Wrong username or password.', username);
    const accepted = await admin(
      'PUT',
      `/admin/oauth2/auth/requests/login/accept?login_challenge=${encodeURIComponent(challenge)}`,
      {
        subject: username,
        remember: false,
      },
    );
    return redirect(res, accepted.redirect_to);
  }
  if (url.pathname === '/consent') {
    const challenge = q.get('consent_challenge') ?? '';
    const consent = await admin(
      'GET',
      `/admin/oauth2/auth/requests/consent?consent_challenge=${encodeURIComponent(challenge)}`,
    );
    const user = USERS[consent.subject];
    if (!user) throw new Error(`consent for an unknown subject ${consent.subject}`);
    const accepted = await admin(
      'PUT',
      `/admin/oauth2/auth/requests/consent/accept?consent_challenge=${encodeURIComponent(challenge)}`,
      {
        grant_scope: consent.requested_scope,
        grant_access_token_audience: consent.requested_access_token_audience,
        remember: false,
        session: {
          id_token: { groups: user.groups, email: `${consent.subject}@example.com`, name: user.name },
        },
      },
    );
    return redirect(res, accepted.redirect_to);
  }
  if (url.pathname === '/logout') {
    const challenge = q.get('logout_challenge') ?? '';
    const accepted = await admin(
      'PUT',
      `/admin/oauth2/auth/requests/logout/accept?logout_challenge=${encodeURIComponent(challenge)}`,
    );
    return redirect(res, accepted.redirect_to);
  }
  if (url.pathname === '/healthz') {
    res.writeHead(200);
    return res.end('ok');
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

createServer((req, res) => {
  handle(req, res).catch(err => {
    console.error(`${new Date().toISOString()} ${req.method} ${req.url}: ${err.message}`);
    if (!res.headersSent)
      page(res, 502, 'Sign-in failed', `<p class="error" role="alert">${escape(err.message)}</p>`);
  });
}).listen(Number(args.port), HOST, () => console.log(`login app on http://${HOST}:${args.port}`));
