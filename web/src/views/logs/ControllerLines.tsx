/** Parsed controller log lines (newest first as given): time, level, message, with the error and fields below. */
import type { ControllerLogLine } from '@fluxscope/shared';
import { formatTime } from '../../components/time';
import './logs.css';

export function ControllerLines({ lines, label }: { lines: readonly ControllerLogLine[]; label: string }) {
  return (
    <ol className="ctl-lines" aria-label={label}>
      {lines.map((l, i) => (
        <li
          key={`${l.ts ?? ''}-${l.reconcileID ?? ''}-${i}`}
          className={l.level === 'error' ? 'ctl-line ctl-line--error' : 'ctl-line'}
        >
          <time className="ctl-line__ts mono" dateTime={l.ts}>
            {formatTime(l.ts)}
          </time>
          <span className={`ctl-line__level ctl-line__level--${l.level}`}>{l.level}</span>
          <div className="ctl-line__body">
            <div className="ctl-line__msg">{l.msg}</div>
            {l.error && <div className="ctl-line__error mono">{l.error}</div>}
            {l.fields.length > 0 && (
              <div className="ctl-line__fields mono">
                {l.fields.map(f => `${f.key}=${f.value}`).join('  ')}
              </div>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
