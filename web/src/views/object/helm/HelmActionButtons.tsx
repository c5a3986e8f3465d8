/**
 * Force and Reset for a HelmRelease (`flux reconcile hr --force` / `--reset`), beside the common actions.
 * A release Stalled on RetriesExceeded gets Reset first, marked as the way out, because a plain reconcile
 * stops again at once. What happened is read back from the live object (lastHandledForceAt/ResetAt).
 */
import type { ClusterObject } from '@fluxscope/shared';
import { conditionOf } from '@fluxscope/shared';

export type HelmActionKind = 'force' | 'reset';

export function isRetriesExceeded(obj: ClusterObject): boolean {
  const stalled = conditionOf(obj, 'Stalled');
  return stalled?.status === 'True' && stalled.reason === 'RetriesExceeded';
}

/** What the live object says about a handled force or reset request, appended to the outcome toast. */
export function helmActionNote(obj: ClusterObject, kind: HelmActionKind, requestedAt: string): string {
  const status = obj.status ?? {};
  if (kind === 'reset') {
    if (status['lastHandledResetAt'] !== requestedAt)
      return 'the reset was not handled (helm-controller handles it when it gets to composing the release)';
    const failures = Number(status['failures'] ?? 0);
    return `failure counts reset${failures ? `, ${failures} failure(s) since` : ''}`;
  }
  if (status['lastHandledForceAt'] !== requestedAt) return 'no forced release was needed or possible';
  return `forced ${String(status['lastAttemptedReleaseAction'] ?? 'a release')}`;
}

export function HelmActionButtons({
  obj,
  disabled,
  refusal,
  onRun,
}: {
  obj: ClusterObject;
  disabled: boolean;
  refusal: string | undefined;
  onRun: (kind: HelmActionKind, label: string) => void;
}) {
  const stalled = isRetriesExceeded(obj);
  const reset = (
    <button
      key="reset"
      type="button"
      className={`btn btn--sm${stalled ? ' btn--primary' : ''}`}
      disabled={disabled || refusal !== undefined}
      title={
        refusal ??
        (stalled
          ? 'Stalled: out of retries, so a plain reconcile stops again at once. flux reconcile --reset clears the failure counts and helm-controller tries again with its retries.'
          : 'flux reconcile --reset: clear the install/upgrade failure counts, then reconcile')
      }
      onClick={() => onRun('reset', 'Resetting')}
    >
      {stalled ? 'Reset retries' : 'Reset'}
    </button>
  );
  const force = (
    <button
      key="force"
      type="button"
      className="btn btn--sm"
      disabled={disabled || refusal !== undefined}
      title={
        refusal ?? 'flux reconcile --force: run one Helm install or upgrade now, even when out of retries'
      }
      onClick={() => onRun('force', 'Forcing a release')}
    >
      Force
    </button>
  );
  if (!stalled) return <>{[force, reset]}</>;
  return (
    <>
      <span className="object-actions__why" key="why">
        Out of retries: a plain reconcile stops again.
      </span>
      {reset}
      {force}
    </>
  );
}
