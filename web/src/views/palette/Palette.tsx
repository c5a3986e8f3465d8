/**
 * Ctrl+K: jump to any object (or view) by typing part of its name or kind. A modal combobox: arrows move,
 * Enter opens, Escape closes; focus returns to where it was.
 */
import type { ClusterObject, FluxState } from '@fluxscope/shared';
import { isFluxKind, refKey, refOf, splitApiVersion } from '@fluxscope/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { KindMark } from '../../components/Status';
import { STATE_LABELS, objectState } from '@fluxscope/shared';
import { useCluster, useClusterMemo } from '../../data/cluster-context';
import { navigate } from '../../router/router';
import { hrefs } from '../../router/routes';
import { searchObjects } from './search';
import './palette.css';

const VIEWS = [
  { label: 'Map', href: hrefs.map() },
  { label: 'Objects', href: hrefs.objects() },
  { label: 'Events', href: hrefs.events() },
  { label: 'Warnings', href: hrefs.events({ type: 'Warning' }) },
  { label: 'Timeline', href: hrefs.timeline() },
  { label: 'Failing objects', href: hrefs.objects({ status: 'failed,stalled,waiting' }) },
];

interface Item {
  id: string;
  href: string;
  title: string;
  detail: string;
  kind?: string;
  state?: FluxState;
}

/** The dot each result carries: Flux status, or the health of anything else. */
const stateOf = (obj: ClusterObject | undefined): FluxState | undefined =>
  obj ? objectState(obj).state : undefined;

export default function Palette({ onClose }: { onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const { index } = useCluster();
  const candidates = useClusterMemo(
    index =>
      [...index.all()].map(obj => ({
        ref: refOf(obj),
        flux: isFluxKind(splitApiVersion(obj.apiVersion).group, obj.kind),
      })),
    [],
  );
  const items: Item[] = useMemo(() => {
    const q = query.trim().toLowerCase();
    const views = VIEWS.filter(v => !q || v.label.toLowerCase().includes(q)).map(v => ({
      id: `view:${v.href}`,
      href: v.href,
      title: v.label,
      detail: 'Go to view',
    }));
    const objects = searchObjects(candidates, q, 60).map(m => ({
      id: refKey(m.ref),
      href: hrefs.object(m.ref),
      title: m.ref.name,
      detail: `${m.ref.kind}${m.ref.namespace ? ` · ${m.ref.namespace}` : ''}`,
      kind: m.ref.kind,
      state: stateOf(index.get(m.ref)),
    }));
    return q ? [...objects, ...views] : views;
  }, [candidates, query, index]);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => previous?.focus?.();
  }, []);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const open = (item: Item | undefined) => {
    if (!item) return;
    onClose();
    navigate(item.href);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowDown') setActive(a => Math.min(items.length - 1, a + 1));
    else if (event.key === 'ArrowUp') setActive(a => Math.max(0, a - 1));
    else if (event.key === 'Enter') open(items[active]);
    else return;
    event.preventDefault();
  };

  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Jump to object"
        onMouseDown={e => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <input
          ref={input}
          className="palette__input"
          placeholder="Jump to an object or view… (name, kind, namespace)"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={items[active] ? `palette-${active}` : undefined}
          aria-label="Search"
          value={query}
          onChange={e => setQuery(e.target.value)}
        />
        <ul ref={list} id="palette-list" role="listbox" className="palette__list" aria-label="Results">
          {items.map((item, i) => (
            <li
              key={item.id}
              id={`palette-${i}`}
              data-index={i}
              role="option"
              aria-selected={i === active}
              className="palette__item"
              onMouseMove={() => setActive(i)}
              onClick={() => open(item)}
            >
              {item.kind ? <KindMark kind={item.kind} /> : <span className="kind">→</span>}
              <span className="palette__title">{item.title}</span>
              <span className="palette__detail">{item.detail}</span>
              {item.state && (
                <span
                  className={`dot st-${item.state}`}
                  title={STATE_LABELS[item.state]}
                  aria-hidden="true"
                />
              )}
            </li>
          ))}
          {items.length === 0 && <li className="palette__empty">Nothing matches “{query}”.</li>}
        </ul>
        <div className="palette__foot faint">
          <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close
        </div>
      </div>
    </div>
  );
}
