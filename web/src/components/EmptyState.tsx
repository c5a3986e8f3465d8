import type { FluxState } from '@fluxscope/shared';
import type { ReactNode } from 'react';

export function EmptyState({
  title,
  children,
  state,
  icon = '∅',
  level = 2,
}: {
  title: string;
  children?: ReactNode;
  state?: FluxState;
  icon?: string;
  /** 1 when the empty state is the whole page (it then carries the page's one h1). */
  level?: 1 | 2;
}) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <div className={`empty${state ? ` st-${state}` : ''}`} role="status">
      <div className="empty__icon" aria-hidden="true">
        {icon}
      </div>
      <Heading>{title}</Heading>
      {children}
    </div>
  );
}
