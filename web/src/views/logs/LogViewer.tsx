/**
 * The lines of a log, drawn as a window over a fixed-height list (50,000 lines cost only the ~80 rows on
 * screen), or wrapped (then only the newest WRAP_WINDOW lines). While following, it sticks to the bottom
 * unless the reader scrolled up. The region is focusable, so arrows, Page Up/Down, Home and End scroll it.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { CSSProperties, ReactNode, UIEvent } from 'react';
import { ROW_HEIGHT, WRAP_WINDOW, lineLevel, visibleRange } from './viewer-model';

export function LogViewer({
  count,
  lineAt,
  wrap,
  follow,
  version,
  label,
}: {
  count: number;
  lineAt: (i: number) => string;
  wrap: boolean;
  follow: boolean;
  /** Changes when lines change (re-render and stick to the bottom). */
  version: number;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  const atBottom = useRef(true);

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 2;
    setScroll({ top: el.scrollTop, height: el.clientHeight });
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (follow && atBottom.current) el.scrollTop = el.scrollHeight;
    setScroll(s =>
      s.height === el.clientHeight && s.top === el.scrollTop
        ? s
        : { top: el.scrollTop, height: el.clientHeight },
    );
  }, [version, count, follow, wrap]);

  const row = (i: number, style?: CSSProperties) => {
    const text = lineAt(i);
    const level = lineLevel(text);
    return (
      <div key={i} className={`logline${level ? ` logline--${level}` : ''}`} style={style}>
        {text === '' ? ' ' : text}
      </div>
    );
  };

  let body: ReactNode;
  if (wrap) {
    const from = Math.max(0, count - WRAP_WINDOW);
    const rows = [];
    for (let i = from; i < count; i++) rows.push(row(i));
    body = <div className="logview__wrap">{rows}</div>;
  } else {
    const { start, end } = visibleRange(scroll.top, scroll.height, count);
    const rows = [];
    for (let i = start; i < end; i++) rows.push(row(i, { top: i * ROW_HEIGHT }));
    body = (
      <div className="logview__space" style={{ height: count * ROW_HEIGHT }}>
        {rows}
      </div>
    );
  }

  return (
    <div
      ref={ref}
      className={`logview${wrap ? ' logview--wrap' : ''}`}
      role="region"
      aria-label={label}
      tabIndex={0}
      onScroll={onScroll}
    >
      {body}
    </div>
  );
}
