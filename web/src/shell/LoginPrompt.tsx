/**
 * Sign-in when the server asks for a token (401 with auth: 'token'): the token is traded once for an
 * HttpOnly session cookie (POST /api/v1/login), which also carries the live stream (EventSource cannot send
 * headers). Then the page reloads to fetch the snapshot and open the stream with it. Behind an
 * authenticating proxy (auth: 'proxy') there is nothing to type: it says to go through the proxy. With an
 * identity provider (auth: 'oidc') it offers the provider's sign-in, and goes there at once when the server
 * has auto-login on (once a minute at most, so a provider that keeps failing cannot loop the tab).
 */
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, UNAUTHORIZED_EVENT, apiPaths, postJson } from '../data/api';
import './login-prompt.css';

export function LoginPrompt() {
  const [error, setError] = useState<ApiError | undefined>();
  useEffect(() => {
    const onUnauthorized = (event: Event) => {
      const detail = (event as CustomEvent<ApiError>).detail;
      // The login request's own 401 (wrong token) is shown in the form instead.
      if (detail.path !== apiPaths.login) setError(detail);
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);
  const [token, setToken] = useState('');
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [redirecting, setRedirecting] = useState(false);
  const oidcStart = error?.auth === 'oidc' && error.signIn ? signInUrl(error.signIn.path) : undefined;
  const auto = error?.signIn?.auto === true;
  useEffect(() => {
    if (!oidcStart || !auto || !mayAutoSignIn()) return;
    setRedirecting(true);
    window.location.assign(oidcStart);
  }, [oidcStart, auto]);
  if (!error) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await postJson(apiPaths.login, { token });
      window.location.reload();
    } catch (err) {
      setFailure(err instanceof ApiError && err.status === 401 ? 'That token is not right.' : String(err));
      setBusy(false);
    }
  };

  return (
    <div className="login-backdrop">
      <div className="login card" role="dialog" aria-modal="true" aria-labelledby="login-title">
        <h2 id="login-title">Sign in to Fluxscope</h2>
        {oidcStart ? (
          <>
            <p className="faint">
              This Fluxscope signs you in with your organisation&apos;s identity provider.
            </p>
            {error.message !== FIRST_SIGN_IN && <p role="alert">{sentence(error.message)}</p>}
            <a className="btn btn--primary login__sso" href={oidcStart}>
              {redirecting ? 'Signing in…' : 'Sign in with your identity provider'}
            </a>
          </>
        ) : error.auth === 'proxy' ? (
          <p>{error.message}. Open Fluxscope through the proxy that signs you in.</p>
        ) : (
          <form onSubmit={e => void submit(e)}>
            <p className="faint">This Fluxscope needs the access token it was started with.</p>
            <label htmlFor="login-token">Token</label>
            <input
              id="login-token"
              className="login__input"
              type="password"
              autoComplete="current-password"
              autoFocus
              value={token}
              onChange={e => setToken(e.target.value)}
            />
            {failure && (
              <p className="login__error" role="alert">
                {failure}
              </p>
            )}
            <button type="submit" className="btn btn--primary" disabled={busy || token.trim() === ''}>
              Sign in
            </button>
          </form>
        )}
      </div>
    </div>
  );
}

/** The provider's sign-in, returning to this page afterwards. */
function signInUrl(path: string): string {
  const here = window.location.pathname + window.location.search;
  return `${path}?return=${encodeURIComponent(here)}`;
}

const AUTO_KEY = 'fluxscope:auto-sign-in';
/** The server's 401 message when no session was presented: the card's own text says it better. */
const FIRST_SIGN_IN = 'sign in with the identity provider';

/** Auto sign-in at most once a minute per tab: a refused sign-in shows the button instead of looping. */
function mayAutoSignIn(): boolean {
  const last = Number(window.sessionStorage.getItem(AUTO_KEY) ?? '0');
  if (Date.now() - last < 60_000) return false;
  window.sessionStorage.setItem(AUTO_KEY, String(Date.now()));
  return true;
}

const sentence = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) + '.' : '');
