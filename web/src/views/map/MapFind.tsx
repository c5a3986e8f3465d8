/**
 * The map's search box: matches are lit in place (model/find.ts), "3 of 12" says where the user is, Enter /
 * Shift+Enter and the arrow buttons step through them, and "Only matches" hides the rest instead of
 * dimming it (the filter `q` was before).
 */
import './find.css';
import { Icon } from '../../components/Icon';

interface Props {
  text: string;
  onText: (text: string) => void;
  only: boolean;
  onOnly: (only: boolean) => void;
  /** "3 of 12", "12 matches", "No match". */
  count: string;
  matches: number;
  onStep: (direction: 1 | -1) => void;
}

export function MapFind({ text, onText, only, onOnly, count, matches, onStep }: Props) {
  const searching = text.trim() !== '';
  return (
    <div className="map-find" role="search" aria-label="Search the map">
      <input
        className="input"
        type="search"
        placeholder="Search the map…"
        aria-label="Search the map"
        aria-keyshortcuts="Enter Shift+Enter"
        title="Enter: next match · Shift+Enter: previous match"
        value={text}
        onChange={e => onText(e.target.value)}
        onKeyDown={e => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          onStep(e.shiftKey ? -1 : 1);
        }}
      />
      {searching && (
        <>
          <span className="map-find__count" role="status" data-none={matches === 0 ? '' : undefined}>
            {count}
          </span>
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            aria-label="Previous match"
            title="Previous match (Shift+Enter)"
            disabled={matches === 0}
            onClick={() => onStep(-1)}
          >
            <Icon name="up" />
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            aria-label="Next match"
            title="Next match (Enter)"
            disabled={matches === 0}
            onClick={() => onStep(1)}
          >
            <Icon name="down" />
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            aria-pressed={only}
            title="Hide the objects that do not match, instead of dimming them"
            onClick={() => onOnly(!only)}
          >
            Only matches
          </button>
        </>
      )}
    </div>
  );
}
