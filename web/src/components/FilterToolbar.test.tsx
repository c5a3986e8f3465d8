// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from '../router/router';
import { FilterToolbar, KindFilter, NamespaceFilter, SearchFilter } from './FilterToolbar';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

function Toolbar() {
  return (
    <FilterToolbar label="Object filters" count="3 objects">
      <SearchFilter label="Filter objects" placeholder="Filter…" />
      <KindFilter kinds={['Kustomization', 'HelmRelease']} />
      <NamespaceFilter namespaces={['apps', 'flux-system']} />
    </FilterToolbar>
  );
}

describe('FilterToolbar', () => {
  it('writes each filter to its URL key, the namespace as ns', () => {
    window.history.replaceState(null, '', '/objects');
    render(<Toolbar />);
    const toolbar = screen.getByRole('toolbar', { name: 'Object filters' });
    expect(toolbar.textContent).toContain('3 objects');
    fireEvent.change(screen.getByRole('combobox', { name: 'Namespace' }), { target: { value: 'apps' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Kind' }), { target: { value: 'HelmRelease' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter objects' }), { target: { value: 'web' } });
    expect(window.location.pathname).toBe('/objects');
    expect(Object.fromEntries(new URLSearchParams(window.location.search))).toEqual({
      ns: 'apps',
      kind: 'HelmRelease',
      q: 'web',
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Namespace' }), { target: { value: '' } });
    expect(new URLSearchParams(window.location.search).has('ns')).toBe(false);
  });

  it('reads the URL, and shows a filtered value the view has nothing of rather than "all"', () => {
    window.history.replaceState(null, '', '/events?ns=tenant-a');
    render(<Toolbar />);
    const namespace = screen.getByRole('combobox', { name: 'Namespace' }) as HTMLSelectElement;
    expect(namespace.value).toBe('tenant-a');
    act(() => navigate('/events?ns=apps', { replace: true }));
    expect(namespace.value).toBe('apps');
    expect([...namespace.options].map(o => o.value)).toEqual(['', 'apps', 'flux-system']);
  });
});
