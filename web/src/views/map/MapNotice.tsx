/**
 * What the map says instead of leaving the user guessing: filters that hide everything (over the empty
 * canvas), and in a line under the toolbar, which covers nothing of the map, a search that matches nothing
 * or grouping by tenant where nothing has a tenant.
 */
import { TENANT_LABEL } from '@fluxscope/shared';

export function MapEmpty({ onClearFilters }: { onClearFilters: () => void }) {
  return (
    <div className="map-empty" role="status">
      <p>No object matches these filters.</p>
      <button type="button" className="btn btn--sm" onClick={onClearFilters}>
        Clear filters
      </button>
    </div>
  );
}

interface NoteProps {
  /** The search text ('' when none) and how many nodes it matches. */
  search: string;
  matches: number;
  /** Grouping by tenant and no node has one. */
  noTenants: boolean;
  onClearSearch: () => void;
}

export function MapNote({ search, matches, noTenants, onClearSearch }: NoteProps) {
  if (search && matches === 0)
    return (
      <div className="map-note" role="status">
        <span>No object matches “{search}”.</span>
        <button type="button" className="btn btn--ghost btn--sm" onClick={onClearSearch}>
          Clear search
        </button>
      </div>
    );
  if (noTenants)
    return (
      <div className="map-note" role="status">
        <span>
          No tenants here: no object, its Namespace or the Kustomization that applies it carries the label{' '}
          <code>{TENANT_LABEL}</code>.
        </span>
      </div>
    );
  return null;
}
