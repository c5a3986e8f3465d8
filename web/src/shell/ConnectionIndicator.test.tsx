// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../data/api';
import { connected, renderWithCluster } from '../test-support/cluster';
import { ConnectionIndicator, DemoControls } from './ConnectionIndicator';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const status = () => screen.getByRole('status', { name: /^Connection:/ });

describe('ConnectionIndicator', () => {
  it('says Live with the context once the stream is open', async () => {
    await renderWithCluster(<ConnectionIndicator />, {
      live: true,
      connection: { ...connected, context: 'prod-eu' },
    });
    expect(status().getAttribute('aria-label')).toBe('Connection: Live, prod-eu');
  });

  it('says Connecting until the stream opens', async () => {
    await renderWithCluster(<ConnectionIndicator />);
    expect(status().getAttribute('aria-label')).toBe('Connection: Connecting');
  });

  it('says Server down with the reason when the snapshot cannot be loaded', async () => {
    await renderWithCluster(<ConnectionIndicator />, {
      error: new ApiError(0, 'Fluxscope server unreachable: Failed to fetch', '/api/v1/snapshot'),
    });
    expect(status().getAttribute('aria-label')).toBe(
      'Connection: Server down, Fluxscope server unreachable: Failed to fetch',
    );
  });

  it('says Reconnecting with the age of the last update when the stream drops', async () => {
    const t = await renderWithCluster(<ConnectionIndicator />, { live: true });
    act(() => {
      t.source.onerror?.(new Event('error'));
    });
    expect(status().getAttribute('aria-label')).toMatch(/^Connection: Reconnecting, last update \d+s ago$/);
  });

  it('tells a cluster it cannot reach from a server it cannot reach', async () => {
    const t = await renderWithCluster(<ConnectionIndicator />, { live: true });
    t.apply({
      op: 'connection',
      connection: { ...connected, state: 'unreachable', message: 'dial tcp 10.0.0.1:443: i/o timeout' },
    });
    expect(status().getAttribute('aria-label')).toBe(
      'Connection: Cluster unreachable, dial tcp 10.0.0.1:443: i/o timeout',
    );
  });

  it('says Stale, with how long the API server has been silent, and Live again when it speaks', async () => {
    const t = await renderWithCluster(<ConnectionIndicator />, { live: true });
    const lastHeard = new Date(Date.now() - 80_000).toISOString();
    t.apply({ op: 'connection', connection: { ...connected, stale: true, lastHeard } });
    expect(status().getAttribute('aria-label')).toMatch(/^Connection: Stale, API server silent for 1m$/);
    t.apply({ op: 'connection', connection: { ...connected } });
    expect(status().getAttribute('aria-label')).toMatch(/^Connection: Live/);
  });

  it('replays the demo scenario through a POST', async () => {
    const fetch = vi.fn(() => Promise.resolve(new Response(null, { status: 204 })));
    vi.stubGlobal('fetch', fetch);
    await renderWithCluster(<DemoControls />, {
      live: true,
      connection: { ...connected, demo: true, demoScenario: 'bootstrap' },
    });
    expect(screen.getByText('demo cluster · bootstrap')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Replay bootstrap' }));
    await waitFor(() => expect(screen.getByText(/Demo scenario restarted/)).toBeTruthy());
    expect(fetch).toHaveBeenCalledWith('/api/v1/demo/restart', expect.objectContaining({ method: 'POST' }));
  });
});
