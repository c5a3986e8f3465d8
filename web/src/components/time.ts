/** Compact relative times ("12s", "4m", "3h", "2d") as flux and kubectl print ages. */
import { useEffect, useState } from 'react';

export function age(from: string | number | undefined, now: number): string {
  if (from === undefined) return '–';
  const then = typeof from === 'number' ? from : Date.parse(from);
  if (Number.isNaN(then)) return '–';
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 && h < 10 ? `${m % 60}m` : ''}`;
  return `${Math.floor(h / 24)}d`;
}

/** The current time, refreshed every `everyMs`: for ages that tick. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { hour12: false });
}
