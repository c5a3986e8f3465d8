/**
 * The header's secondary controls (cluster, demo replay, who is signed in and sign-out, theme). On wide
 * screens they sit in the bar (the wrapper is `display: contents`); on phones they would run off-screen, so
 * a menu button discloses them in a panel under the bar (shell.css). A disclosure, not an ARIA menu: the
 * panel holds ordinary controls, Tab walks into it from the button, Escape or a click elsewhere closes it.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Icon } from '../components/Icon';
import { useLocation } from '../router/router';

export function HeaderMore({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  const { pathname } = useLocation();
  // A link followed from the panel (or any navigation) closes it.
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div
      className="topbar__more"
      ref={root}
      data-open={open ? '' : undefined}
      onBlur={event => {
        // Tabbing out of the panel closes it.
        if (open && !root.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className="btn btn--ghost topbar__more-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label="More: account, theme"
        title="Account, theme and more"
        onClick={() => setOpen(value => !value)}
      >
        <Icon name="menu" size={16} />
      </button>
      <div id={id} className="topbar__secondary">
        {children}
      </div>
    </div>
  );
}
