/**
 * One Pod log stream in the browser: fetch() with a ReadableStream (so follow mode is live), split into
 * lines, held in a bounded LineBuffer. Views re-render at most once per animation frame. The request is
 * aborted when the parameters change or the component unmounts (the tab closes): the server then ends the
 * upstream pods/log request.
 */
import { BROWSER_LOG_LINES, LineBuffer, LineSplitter } from '@fluxscope/shared';
import { useEffect, useRef, useState } from 'react';
import { useApiPath } from '../../data/cluster-context';
import { ApiError, UNAUTHORIZED_EVENT } from '../../data/api';

export interface LogStreamParams {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
}

export type LogStreamStatus = 'loading' | 'streaming' | 'ended' | 'error';

export interface LogStream {
  buffer: LineBuffer;
  /** Changes when lines arrive (buffer.version, sampled per frame). */
  version: number;
  status: LogStreamStatus;
  error?: string;
  /** The container's state as the server saw it (e.g. `waiting: ContainerCreating`). */
  containerState?: string;
  /** The server ended the stream at its byte cap. */
  capped: boolean;
}

export function logUrl(p: LogStreamParams): string {
  const q = new URLSearchParams({ container: p.container });
  if (p.previous) q.set('previous', 'true');
  if (p.follow) q.set('follow', 'true');
  if (p.timestamps) q.set('timestamps', 'true');
  if (p.tailLines !== undefined) q.set('tailLines', String(p.tailLines));
  if (p.sinceSeconds !== undefined) q.set('sinceSeconds', String(p.sinceSeconds));
  return `/api/v1/pods/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.pod)}/log?${q.toString()}`;
}

async function errorOf(res: Response, path: string): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON: keep the status line.
  }
  const error = new ApiError(res.status, message, path);
  if (res.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: error }));
  return error;
}

export function useLogStream(params: LogStreamParams | undefined): LogStream {
  const bufferRef = useRef<LineBuffer>(undefined);
  bufferRef.current ??= new LineBuffer(BROWSER_LOG_LINES);
  const buffer = bufferRef.current;
  const [state, setState] = useState<Omit<LogStream, 'buffer'>>({
    version: 0,
    status: 'loading',
    capped: false,
  });
  const api = useApiPath();
  const key = params ? api(logUrl(params)) : '';

  useEffect(() => {
    if (!params) return;
    const abort = new AbortController();
    buffer.clear();
    setState({ version: buffer.version, status: 'loading', capped: false });
    let frame = 0;
    let bytes = 0;
    const flush = () => {
      frame = 0;
      setState(s => (s.version === buffer.version ? s : { ...s, version: buffer.version }));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(flush);
    };
    void (async () => {
      const url = key;
      try {
        const res = await fetch(url, { signal: abort.signal, headers: { accept: 'text/plain' } });
        if (!res.ok || !res.body) throw await errorOf(res, url);
        const containerState = res.headers.get('x-fluxscope-container-state') ?? undefined;
        const limit = Number(res.headers.get('x-fluxscope-log-limit-bytes') ?? 0);
        setState(s => ({ ...s, status: 'streaming', ...(containerState ? { containerState } : {}) }));
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        const splitter = new LineSplitter();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          bytes += value.length;
          buffer.push(splitter.push(value));
          schedule();
        }
        buffer.push(splitter.end());
        cancelAnimationFrame(frame);
        setState(s => ({
          ...s,
          version: buffer.version,
          status: 'ended',
          capped: limit > 0 && bytes >= limit * 0.99,
        }));
      } catch (err) {
        if (abort.signal.aborted) return;
        cancelAnimationFrame(frame);
        setState(s => ({
          ...s,
          version: buffer.version,
          status: 'error',
          error: err instanceof Error ? err.message : String(err),
        }));
      }
    })();
    return () => {
      abort.abort();
      cancelAnimationFrame(frame);
    };
    // `key` stands for params: a new URL is a new stream.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, buffer]);

  return { buffer, ...state };
}
