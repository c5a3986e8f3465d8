import type { FluxState } from '@fluxscope/shared';
import type { ReactNode } from 'react';

export function EmptyState({
  title,
  children,
  state,
  icon = '∅',
}: {
  title: string;
  children?: ReactNode;
  state?: FluxState;
  icon?: string;
}) {
  return (
    <div className={`empty${state ? ` st-${state}` : ''}`} role="status">
      <div className="empty__icon" aria-hidden="true">
        {icon}
      </div>
      <h2>{title}</h2>
      {children}
    </div>
  );
}
