/** The map's legend (what each line means) with the link and layout switches. */
export function Legend({
  allLinks,
  onAllLinks,
  onRelayout,
}: {
  allLinks: boolean;
  onAllLinks: (all: boolean) => void;
  onRelayout: () => void;
}) {
  return (
    <div className="map-legend" role="group" aria-label="Legend and layout">
      <span>
        <svg width="30" height="10" aria-hidden="true">
          <line x1="0" y1="5" x2="24" y2="5" className="legend-line legend-line--dependsOn" />
          <path d="M22,1 L30,5 L22,9 z" className="legend-arrow" />
        </svg>
        runs before (dependsOn)
      </span>
      <span>
        <svg width="28" height="8" aria-hidden="true">
          <line x1="0" y1="4" x2="28" y2="4" className="legend-line legend-line--parent legend-line--quiet" />
        </svg>
        applies
      </span>
      <span>
        <svg width="28" height="8" aria-hidden="true">
          <line
            x1="0"
            y1="4"
            x2="28"
            y2="4"
            className="legend-line legend-line--uses-source legend-line--quiet"
          />
        </svg>
        uses source
      </span>
      <button
        type="button"
        className="btn btn--ghost btn--sm"
        aria-pressed={allLinks}
        onClick={() => onAllLinks(!allLinks)}
        title="Draw every applies / uses-source link at full strength, not only around the hovered node"
      >
        All links
      </button>
      <button
        type="button"
        className="btn btn--ghost btn--sm"
        onClick={onRelayout}
        title="Lay the map out again; positions otherwise stay put as objects come and go"
      >
        Re-layout
      </button>
    </div>
  );
}
