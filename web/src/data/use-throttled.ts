import { startTransition, useEffect, useRef, useState } from 'react';

/**
 * The value, updated at most every `intervalMs` (trailing edge: the latest value always lands). For derived
 * views that cost O(cluster) to rebuild, so a stream of changes on a big cluster costs a few rebuilds a
 * second rather than one per frame. `intervalMs` 0 passes the value straight through.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (intervalMs <= 0) {
      // Keep the held value current, so switching to throttled mode starts from the latest value.
      last.current = Date.now();
      setShown(value);
      return;
    }
    const wait = last.current + intervalMs - Date.now();
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        // A transition: the rebuild it causes yields to urgent updates (a node showing a status change).
        startTransition(() => setShown(value));
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(timer);
  }, [value, intervalMs]);
  return intervalMs <= 0 ? value : shown;
}
