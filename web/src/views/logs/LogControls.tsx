/** The Logs tab's toolbar: container, previous run, follow, since, tail, timestamps, wrap, filter. */
import type { LogContainer } from '@fluxscope/shared';
import { LOG_LIMITS } from '@fluxscope/shared';

export interface LogOptions {
  container: string;
  previous: boolean;
  follow: boolean;
  timestamps: boolean;
  wrap: boolean;
  /** undefined: from the start of the log. */
  sinceSeconds?: number;
  tailLines?: number;
  filter: string;
}

export const SINCE_CHOICES: Array<[string, number | undefined]> = [
  ['All time', undefined],
  ['Last 5 min', 300],
  ['Last 15 min', 900],
  ['Last hour', 3600],
  ['Last 6 hours', 21_600],
  ['Last 24 hours', 86_400],
];
export const TAIL_CHOICES: Array<[string, number]> = [
  ['Last 100 lines', 100],
  ['Last 1,000 lines', 1000],
  ['Last 10,000 lines', 10_000],
  [`Last ${LOG_LIMITS.maxTailLines.toLocaleString('en-US')} lines`, LOG_LIMITS.maxTailLines],
];

export function containerLabel(c: LogContainer): string {
  return `${c.name}${c.init ? ' (init)' : ''} · ${c.state}${c.restartCount ? ` · ${c.restartCount} restarts` : ''}`;
}

export function LogControls({
  containers,
  options,
  onChange,
}: {
  containers: LogContainer[];
  options: LogOptions;
  onChange: (next: Partial<LogOptions>) => void;
}) {
  const current = containers.find(c => c.name === options.container);
  const canFollow = !options.previous && current?.state === 'running';
  return (
    <div className="toolbar logs__toolbar" role="toolbar" aria-label="Log options">
      <select
        className="select"
        aria-label="Container"
        value={options.container}
        onChange={e => onChange({ container: e.target.value, previous: false })}
      >
        {containers.map(c => (
          <option key={c.name} value={c.name}>
            {containerLabel(c)}
          </option>
        ))}
      </select>
      <label className="check" title={current?.hasPrevious ? '' : 'This container has not restarted'}>
        <input
          type="checkbox"
          checked={options.previous}
          disabled={!current?.hasPrevious}
          onChange={e => onChange({ previous: e.target.checked })}
        />
        Previous run
      </label>
      <button
        type="button"
        className="btn btn--sm"
        aria-pressed={options.follow && canFollow}
        disabled={!canFollow}
        title={
          canFollow ? 'Stream new lines as they are written' : 'Only a running container can be followed'
        }
        onClick={() => onChange({ follow: !options.follow })}
      >
        <span
          className={`live-dot${options.follow && canFollow ? ' live-dot--on' : ''}`}
          aria-hidden="true"
        />
        Follow
      </button>
      <select
        className="select"
        aria-label="Since"
        value={String(options.sinceSeconds ?? '')}
        onChange={e => onChange({ sinceSeconds: e.target.value ? Number(e.target.value) : undefined })}
      >
        {SINCE_CHOICES.map(([label, value]) => (
          <option key={label} value={value ?? ''}>
            {label}
          </option>
        ))}
      </select>
      <select
        className="select"
        aria-label="Lines"
        value={String(options.tailLines ?? LOG_LIMITS.maxTailLines)}
        onChange={e => onChange({ tailLines: Number(e.target.value) })}
      >
        {TAIL_CHOICES.map(([label, value]) => (
          <option key={label} value={value}>
            {label}
          </option>
        ))}
      </select>
      <label className="check">
        <input
          type="checkbox"
          checked={options.timestamps}
          onChange={e => onChange({ timestamps: e.target.checked })}
        />
        Timestamps
      </label>
      <label className="check">
        <input type="checkbox" checked={options.wrap} onChange={e => onChange({ wrap: e.target.checked })} />
        Wrap
      </label>
      <input
        className="input logs__filter"
        type="search"
        aria-label="Filter lines"
        placeholder='Filter: error -probe "exact phrase"'
        value={options.filter}
        onChange={e => onChange({ filter: e.target.value })}
      />
    </div>
  );
}
