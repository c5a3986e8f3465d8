/**
 * A number that changes when the page's theme does (the toggle's html[data-theme] or the system setting):
 * canvases that paint with the theme's colours read them again then.
 */
import { type FluxState, STATES_WORST_FIRST } from '@fluxscope/shared';
import { useEffect, useState } from 'react';

export function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion(v => v + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class'],
    });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', bump);
    };
  }, []);
  return version;
}

/** The values of CSS custom properties on `element`, by key. */
export function readVars<K extends string>(element: Element, names: Record<K, string>): Record<K, string> {
  const style = getComputedStyle(element);
  return Object.fromEntries(
    Object.entries<string>(names).map(([key, name]) => [key, style.getPropertyValue(name).trim()]),
  ) as Record<K, string>;
}

/** Each state's colour as its st-* class sets it (tokens.css), light or dark, read beside `element`. */
export function readStateColours(element: Element): Record<FluxState, string> {
  const probe = document.createElement('span');
  (element.parentElement ?? element).append(probe);
  const colours = {} as Record<FluxState, string>;
  for (const state of STATES_WORST_FIRST) {
    probe.className = `st-${state}`;
    colours[state] = getComputedStyle(probe).getPropertyValue('--state').trim();
  }
  probe.remove();
  return colours;
}
