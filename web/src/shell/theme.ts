/** Theme: follow the system unless the user picked one; the pick is stored and applied as html[data-theme]. */
import { useCallback, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'fluxscope.theme';

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice = stored()): void {
  if (choice === 'system') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = choice;
}

export function effectiveDark(): boolean {
  const forced = document.documentElement.dataset['theme'];
  if (forced) return forced === 'dark';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

export function useTheme(): [ThemeChoice, () => void] {
  const [choice, setChoice] = useState<ThemeChoice>(stored);
  const cycle = useCallback(() => {
    // Toggle to the opposite of what is shown now; back to "system" when that matches the system again.
    const systemDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
    const wantDark = !effectiveDark();
    const next: ThemeChoice = wantDark === systemDark ? 'system' : wantDark ? 'dark' : 'light';
    try {
      if (next === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    applyTheme(next);
    setChoice(next);
  }, []);
  return [choice, cycle];
}
