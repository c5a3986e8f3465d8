/**
 * After a navigation inside the app (not on the first load, where the browser's own start is right), the
 * tab's title names the new page and keyboard focus moves to its main heading: a screen reader announces
 * where it landed, and Tab continues from the top of the new page instead of from a link that is gone.
 */
import { useEffect, useRef } from 'react';
import { pageTitle } from '../router/page-title';
import type { Route } from '../router/routes';

/** Lazy views render their heading a little after the route changes: look for it for about two seconds. */
const HEADING_WAIT_FRAMES = 120;

export function useRouteTitle(route: Route, cluster?: string): void {
  const title = pageTitle(route, cluster);
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/** `pathname` only: a filter or tab change (the query) keeps focus where the user is working. */
export function useRouteFocus(pathname: string, ready: boolean): void {
  const first = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!ready) return;
    if (first.current === undefined) {
      first.current = pathname;
      return;
    }
    let frames = 0;
    let frame = requestAnimationFrame(function look() {
      // The page left behind may still be in the DOM, hidden, while the new one loads (Suspense).
      const heading = [...document.querySelectorAll<HTMLElement>('#main h1')].find(h => h.checkVisibility());
      if (heading) {
        // Focusable by script only, so it is not an extra Tab stop.
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      } else if (++frames < HEADING_WAIT_FRAMES) frame = requestAnimationFrame(look);
    });
    return () => cancelAnimationFrame(frame);
  }, [pathname, ready]);
}
