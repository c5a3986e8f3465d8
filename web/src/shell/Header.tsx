import { Link, useLocation } from '../router/router';
import { hrefs } from '../router/routes';
import { Icon } from '../components/Icon';
import { useFleet } from '../data/fleet';
import { ClusterSwitcher } from './ClusterSwitcher';
import { ConnectionIndicator, DemoControls } from './ConnectionIndicator';
import { HeaderMore } from './HeaderMore';
import { UserMenu } from './UserMenu';
import { useTheme } from './theme';

const NAV = [
  { href: hrefs.map(), label: 'Map', match: 'map' },
  { href: hrefs.objects(), label: 'Objects', match: 'objects' },
  { href: hrefs.events(), label: 'Events', match: 'events' },
  { href: hrefs.timeline(), label: 'Timeline', match: 'timeline' },
  { href: hrefs.flux(), label: 'Flux', match: 'flux' },
  { href: hrefs.reconciles(), label: 'Reconciles', match: 'reconciles' },
] as const;

/** On a phone the bar holds this many views first... */
const PHONE_FIRST = 2;
/**
 * ...and one more: the current view, or the next in order when the current one is among the first or is
 * no view (an object page). The menu holds the rest (shell.css), so no view is cut off at the bar's edge.
 */
function inPhoneBar(index: number, current: number): boolean {
  return index < PHONE_FIRST || index === (current >= PHONE_FIRST ? current : PHONE_FIRST);
}

export function Header({ onSearch }: { onSearch: () => void }) {
  const { route } = useLocation();
  const [theme, toggleTheme] = useTheme();
  // Several clusters: the fleet page and a cluster switcher. The fleet page polls it faster itself.
  const fleet = useFleet().data;
  const multi = fleet !== undefined && fleet.clusters.length > 1;
  const current = NAV.findIndex(item => item.match === route.name);
  return (
    <header className="topbar">
      <Link href="/" className="brand" aria-label="Fluxscope home">
        <svg viewBox="0 0 32 32" width="20" height="20" aria-hidden="true">
          <rect width="32" height="32" rx="7" fill="var(--accent)" />
          <path
            d="M9 22 L16 9 L23 22"
            fill="none"
            stroke="#fff"
            strokeWidth="3"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
          <circle cx="16" cy="22" r="2.6" fill="#fff" />
        </svg>
        <span>Fluxscope</span>
      </Link>
      <nav className="nav" aria-label="Views">
        {multi && (
          <Link
            href={hrefs.fleet()}
            className="nav__item"
            aria-current={route.name === 'fleet' ? 'page' : undefined}
          >
            Fleet
          </Link>
        )}
        {NAV.map((item, index) => (
          <Link
            key={item.href}
            href={item.href}
            className={inPhoneBar(index, current) ? 'nav__item' : 'nav__item nav__item--wide'}
            aria-current={route.name === item.match ? 'page' : undefined}
          >
            {item.label}
          </Link>
        ))}
      </nav>
      <div className="topbar__spacer" />
      <button
        type="button"
        className="search-trigger"
        onClick={onSearch}
        title="Search objects and views (Ctrl+K)"
      >
        <Icon name="search" />
        <span>Jump to object…</span>
        <kbd>Ctrl K</kbd>
      </button>
      {route.name !== 'fleet' && <ConnectionIndicator />}
      <HeaderMore>
        <nav className="topbar__views" aria-label="More views">
          {NAV.filter((_, index) => !inPhoneBar(index, current)).map(item => (
            <Link key={item.href} href={item.href} className="topbar__view">
              {item.label}
            </Link>
          ))}
        </nav>
        {multi && <ClusterSwitcher fleet={fleet} />}
        {route.name !== 'fleet' && <DemoControls />}
        <UserMenu />
        <button
          type="button"
          className="btn btn--ghost theme-toggle"
          onClick={toggleTheme}
          aria-label={`Toggle dark mode (now ${theme})`}
          title="Toggle light/dark"
        >
          <Icon name="theme" size={16} />
          <span className="theme-toggle__label">Toggle dark mode</span>
        </button>
      </HeaderMore>
    </header>
  );
}
