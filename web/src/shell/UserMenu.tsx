/**
 * Who is signed in (GET /api/v1/me) and sign-out. Signing out ends the server's session; after an OIDC
 * sign-in the browser then goes to the provider's end-session page, which ends the provider's session too
 * and sends it back here.
 */
import type { LogoutResponse, Me } from '@fluxscope/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPaths, getJson, postJson } from '../data/api';
import { useApiPath } from '../data/cluster-context';

/** The user, and with --impersonate what they may see in the cluster the views show (rights are per cluster). */
export function useMe() {
  const path = useApiPath()(apiPaths.me);
  return useQuery({
    queryKey: ['me', path],
    queryFn: ({ signal }) => getJson<Me>(path, { signal }),
    staleTime: 30_000,
    refetchInterval: 60_000,
    retry: false,
  });
}

export function UserMenu() {
  const me = useMe().data;
  const [busy, setBusy] = useState(false);
  if (!me || me.via === 'local') return null;
  const signOut = async () => {
    setBusy(true);
    try {
      const answer = await postJson<Partial<LogoutResponse>>(apiPaths.logout);
      if (answer.endSessionUrl) window.location.assign(answer.endSessionUrl);
      else window.location.assign('/');
    } catch {
      setBusy(false);
    }
  };
  const groups = me.groups.length ? `groups: ${me.groups.join(', ')}` : 'no groups';
  return (
    <div className="user-menu">
      <span className="user-menu__name" title={`${me.user} (${groups})`}>
        {me.user}
      </span>
      {me.canSignOut && (
        <button
          type="button"
          className="btn btn--ghost btn--sm"
          onClick={() => void signOut()}
          disabled={busy}
        >
          Sign out
        </button>
      )}
    </div>
  );
}
