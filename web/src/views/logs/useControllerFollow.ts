/**
 * Follow mode of a Flux object's controller lines: one fetch() of the server's NDJSON stream while on, its
 * lines kept (the newest FOLLOW_LINES). Turning it off, leaving the tab or changing the object aborts the
 * request, and the server then ends the upstream pods/log requests.
 */
import type { ControllerLogLine } from '@fluxscope/shared';
import { LineSplitter } from '@fluxscope/shared';
import { useEffect, useState } from 'react';
import { ApiError, UNAUTHORIZED_EVENT } from '../../data/api';

/** Followed lines held; a controller logs an object a few times a minute, so this is hours of following. */
export const FOLLOW_LINES = 2000;

export type FollowStatus = 'off' | 'connecting' | 'live' | 'ended' | 'error';

export interface Followed {
  lines: ControllerLogLine[];
  status: FollowStatus;
  error?: string;
}

export function useControllerFollow(url: string | undefined): Followed {
  const [state, setState] = useState<Followed>({ lines: [], status: 'off' });
  useEffect(() => {
    if (!url) {
      setState({ lines: [], status: 'off' });
      return;
    }
    const abort = new AbortController();
    setState({ lines: [], status: 'connecting' });
    void (async () => {
      try {
        const res = await fetch(url, { signal: abort.signal, headers: { accept: 'application/x-ndjson' } });
        if (!res.ok || !res.body) {
          let message = `${res.status} ${res.statusText}`;
          try {
            const body = (await res.json()) as { message?: unknown };
            if (typeof body.message === 'string') message = body.message;
          } catch {
            // Not JSON: keep the status line.
          }
          const error = new ApiError(res.status, message, url);
          if (res.status === 401)
            window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: error }));
          throw error;
        }
        setState(s => ({ ...s, status: 'live' }));
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        const splitter = new LineSplitter();
        const add = (texts: string[]) => {
          const parsed: ControllerLogLine[] = [];
          for (const text of texts) {
            if (!text) continue;
            try {
              parsed.push(JSON.parse(text) as ControllerLogLine);
            } catch {
              // A line cut by the byte cap: skip it.
            }
          }
          if (parsed.length) setState(s => ({ ...s, lines: [...s.lines, ...parsed].slice(-FOLLOW_LINES) }));
        };
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          add(splitter.push(value));
        }
        add(splitter.end());
        setState(s => ({ ...s, status: 'ended' }));
      } catch (err) {
        if (abort.signal.aborted) return;
        setState(s => ({ ...s, status: 'error', error: err instanceof Error ? err.message : String(err) }));
      }
    })();
    return () => abort.abort();
  }, [url]);
  return state;
}
