/** The shell: header, stats bar, banners, the routed view, the command palette; the fleet page on its own. */
import { Suspense, lazy, useEffect, useState } from 'react';
import { EmptyState } from './components/EmptyState';
import { useClusterError, useClusterMaybe, useTransport } from './data/cluster-context';
import { useLocation } from './router/router';
import { parseRoute } from './router/routes';
import { Banners } from './shell/Banners';
import { Header } from './shell/Header';
import { LoginPrompt } from './shell/LoginPrompt';
import Palette from './views/palette/Palette';
import { StatsBar } from './views/stats/StatsBar';

const loadMapView = () => import('./views/map/MapView');
const MapView = lazy(loadMapView);
// The map is the landing page: fetch its code alongside the snapshot rather than after it arrives.
if (typeof location !== 'undefined' && parseRoute(location.pathname).name === 'map') void loadMapView();
const ObjectsView = lazy(() => import('./views/objects/ObjectsView'));
const ObjectPage = lazy(() => import('./views/object/ObjectPage'));
const TracePage = lazy(() => import('./views/trace/TracePage'));
const EventsView = lazy(() => import('./views/events/EventsView'));
const TimelineView = lazy(() => import('./views/timeline/TimelineView'));
const FluxRuntimeView = lazy(() => import('./views/flux/FluxRuntimeView'));
const SlowestView = lazy(() => import('./views/reconciles/SlowestView'));
const FleetView = lazy(() => import('./views/fleet/FleetView'));

export function App() {
  const [paletteOpen, setPaletteOpen] = useState(false);
  // Reconnecting, or the server cannot reach the cluster: what is on screen may be old, so it is dimmed.
  const transport = useTransport();
  const connection = useClusterMaybe()?.state.connection.state;
  // The fleet page is about every cluster: no one cluster's stats, banners or staleness above it.
  const fleet = useLocation().route.name === 'fleet';
  const stale =
    !fleet &&
    (transport.state === 'reconnecting' || connection === 'unreachable' || connection === 'misconfigured');
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setPaletteOpen(open => !open);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header onSearch={() => setPaletteOpen(true)} />
      {!fleet && <StatsBar />}
      {!fleet && <Banners />}
      <main id="main" className="main" data-stale={stale || undefined}>
        <Body />
      </main>
      <LoginPrompt />
      {paletteOpen && <Palette onClose={() => setPaletteOpen(false)} />}
    </div>
  );
}

function Body() {
  const view = useClusterMaybe();
  const error = useClusterError();
  const { route } = useLocation();
  if (route.name === 'fleet')
    return (
      <Suspense fallback={<ViewLoading />}>
        <FleetView />
      </Suspense>
    );
  if (!view) {
    if (error) {
      return (
        <EmptyState
          title={error.serverDown ? 'Fluxscope server unreachable' : 'Could not load the cluster'}
          state="failed"
          icon="!"
        >
          <p>{error.message}</p>
          <p className="faint">Retrying on its own; this page updates as soon as the server answers.</p>
        </EmptyState>
      );
    }
    return (
      <div className="loading" role="status" aria-live="polite">
        <span className="dot st-progressing" aria-hidden="true" /> Loading cluster…
      </div>
    );
  }
  return (
    <Suspense fallback={<ViewLoading />}>
      {route.name === 'map' && <MapView />}
      {route.name === 'objects' && <ObjectsView />}
      {route.name === 'object' && <ObjectPage objRef={route.ref} />}
      {route.name === 'trace' && <TracePage objRef={route.ref} />}
      {route.name === 'events' && <EventsView />}
      {route.name === 'timeline' && <TimelineView />}
      {route.name === 'flux' && <FluxRuntimeView />}
      {route.name === 'reconciles' && <SlowestView />}
      {route.name === 'not-found' && (
        <EmptyState title="Nothing at this address" icon="?">
          <p>
            <code>{route.path}</code> is not a Fluxscope page.
          </p>
        </EmptyState>
      )}
    </Suspense>
  );
}

function ViewLoading() {
  return (
    <div className="loading" role="status">
      <span className="dot st-progressing" aria-hidden="true" /> Loading view…
    </div>
  );
}
