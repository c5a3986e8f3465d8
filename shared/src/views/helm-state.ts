/**
 * A HelmRelease's release state as a release engineer reads it: drift detection (mode, the Drifted
 * condition, the last drift event), tests, remediation (failures against spec.install/upgrade.remediation
 * retries, as helm-controller v1.6.2 counts them) and its conditions in plain words.
 */
import type { ClusterObject, Condition, FluxEvent } from '../kube/types.js';
import type { HelmConditionWords, HelmReleaseState } from '../wire/helm.js';
import { eventSortTime } from './events.js';
import { helmSnapshots } from './helm-history.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const int = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) ? v : 0);

/** What each reason helm-controller sets means. */
const REASON_WORDS: Record<string, string> = {
  InstallSucceeded: 'Helm installed the release',
  InstallFailed: 'the Helm install failed',
  UpgradeSucceeded: 'Helm upgraded the release',
  UpgradeFailed: 'the Helm upgrade failed',
  TestSucceeded: "the chart's tests passed",
  TestFailed: "the chart's tests failed",
  RollbackSucceeded: 'after a failure, Helm rolled the release back to the previous revision',
  RollbackFailed: 'after a failure, rolling back failed too',
  UninstallSucceeded: 'after a failed install, Helm uninstalled the release so it can be installed again',
  UninstallFailed: 'after a failed install, uninstalling failed too',
  DriftDetected: 'objects in the cluster no longer match what the release applied',
  NoDriftDetected: 'the cluster matches what the release applied',
  ArtifactFailed: 'the chart could not be loaded',
  ValuesError: 'the values could not be composed (a valuesFrom reference)',
  DependencyNotReady: 'waiting for a dependency to be ready',
  RetriesExceeded: 'no retries left, so helm-controller gave up',
  ReconciliationSucceeded: 'reconciled',
  Progressing: 'helm-controller is working on it',
};

const TYPE_WORDS: Record<string, (c: Condition) => string> = {
  Released: c =>
    c.status === 'True' ? 'The release is in the cluster.' : 'The last release attempt did not go in.',
  TestSuccess: c => (c.status === 'True' ? 'Tests passed.' : 'Tests failed.'),
  Remediated: () => 'A failed release was remediated.',
  Drifted: c => (c.status === 'True' ? 'Drift detected.' : 'No drift.'),
  Ready: c => (c.status === 'True' ? 'Ready.' : c.status === 'False' ? 'Not ready.' : 'Reconciling.'),
  Stalled: () => 'Stalled: helm-controller will not try again by itself.',
  Reconciling: () => 'Reconciling.',
};

export function conditionWords(c: Condition): HelmConditionWords {
  const head = TYPE_WORDS[c.type]?.(c) ?? `${c.type} is ${c.status}.`;
  const why = c.reason ? REASON_WORDS[c.reason] : undefined;
  const words = why ? `${head} ${why[0]!.toUpperCase()}${why.slice(1)}.` : head;
  const out: HelmConditionWords = { type: c.type, status: c.status, words };
  if (c.reason) out.reason = c.reason;
  if (c.message) out.message = c.message;
  if (c.lastTransitionTime) out.lastTransitionTime = c.lastTransitionTime;
  return out;
}

const SHOWN = ['Ready', 'Released', 'TestSuccess', 'Remediated', 'Drifted', 'Stalled'];
const DRIFT_REASONS = new Set(['DriftDetected', 'DriftCorrected', 'DriftCorrectionFailed']);

function remediationOf(obj: ClusterObject): HelmReleaseState['remediation'] {
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  const action =
    typeof status['lastAttemptedReleaseAction'] === 'string'
      ? status['lastAttemptedReleaseAction']
      : undefined;
  const installFailures = int(status['installFailures']);
  const upgradeFailures = int(status['upgradeFailures']);
  const failures = int(status['failures']);
  const block = rec(spec[action === 'upgrade' ? 'upgrade' : 'install']);
  const remediation = rec(block['remediation']);
  const strategyName = rec(block['strategy'])['name'];
  const retries = int(remediation['retries']);
  const count = action === 'upgrade' ? upgradeFailures : action === 'install' ? installFailures : 0;
  const base = { failures, installFailures, upgradeFailures, retries };
  if (strategyName === 'RetryOnFailure') {
    return {
      ...(action ? { action } : {}),
      strategy: 'RetryOnFailure',
      ...base,
      retriesLeft: -1,
      exhausted: false,
      words: `On failure, helm-controller tries the ${action ?? 'release'} again at the next interval, without remediation.`,
    };
  }
  // RetriesExhausted: retries >= 0 && failureCount > retries. The first attempt is not a retry.
  const exhausted = !!action && retries >= 0 && count > retries;
  const retriesLeft = retries < 0 ? -1 : Math.min(retries, Math.max(0, retries + 1 - count));
  const remedy =
    action === 'upgrade'
      ? remediation['strategy'] === 'uninstall'
        ? 'uninstalls the release'
        : 'rolls back to the previous revision'
      : 'uninstalls the failed release';
  let words: string;
  if (!action) words = 'Nothing attempted yet.';
  else if (count === 0)
    words = `No failed ${action} counted (the count starts again after a Reset or a change of spec, chart or values).`;
  else if (exhausted)
    words = `${count} failed ${action} attempt(s) with ${retries} retr${retries === 1 ? 'y' : 'ies'} allowed: helm-controller stopped trying.`;
  else
    words = `${count} failed ${action} attempt(s); after a failure helm-controller ${remedy} and tries again (${retries < 0 ? 'no limit' : `${retriesLeft} of ${retries} retr${retries === 1 ? 'y' : 'ies'} left`}).`;
  return {
    ...(action ? { action } : {}),
    strategy:
      action === 'upgrade'
        ? `RemediateOnFailure (${remediation['strategy'] === 'uninstall' ? 'uninstall' : 'rollback'})`
        : 'RemediateOnFailure (uninstall)',
    ...base,
    retriesLeft,
    exhausted,
    words,
  };
}

export function helmReleaseState(obj: ClusterObject, events: readonly FluxEvent[]): HelmReleaseState {
  const spec = obj.spec ?? {};
  const conditions = (
    Array.isArray(obj.status?.['conditions']) ? obj.status['conditions'] : []
  ) as Condition[];
  const cond = (type: string) => conditions.find(c => c.type === type);

  const drift = rec(spec['driftDetection']);
  const mode = typeof drift['mode'] === 'string' && drift['mode'] ? drift['mode'] : 'disabled';
  const driftEvent = [...events]
    .filter(e => DRIFT_REASONS.has(e.reason))
    .sort((a, b) => eventSortTime(b) - eventSortTime(a))[0];
  const drifted = cond('Drifted');
  const driftWords =
    mode === 'enabled'
      ? 'helm-controller compares the cluster with the release at every reconcile and corrects what drifted.'
      : mode === 'warn'
        ? 'helm-controller compares the cluster with the release and warns (an event, the Drifted condition), without correcting.'
        : 'Drift detection is off: changes made in the cluster outside Helm stay until the next upgrade.';

  const test = rec(spec['test']);
  const latest = helmSnapshots(obj)[0];
  const testCond = cond('TestSuccess');
  const enabled = test['enable'] === true;
  const hooks = latest?.testHooks ?? [];
  const testWords = !enabled
    ? "Helm tests are not enabled (spec.test.enable): the chart's tests are not run."
    : !latest?.testHooks
      ? 'Tests are enabled but have not run on the current revision.'
      : hooks.length === 0
        ? 'Tests ran: the chart has no test hooks.'
        : `${hooks.filter(h => h.phase === 'Succeeded').length} of ${hooks.length} test hook(s) passed${test['ignoreFailures'] === true ? '; failures are ignored (spec.test.ignoreFailures)' : ''}.`;

  const state: HelmReleaseState = {
    drift: {
      mode,
      ignoreRules: Array.isArray(drift['ignore']) ? drift['ignore'].length : 0,
      ...(drifted ? { condition: conditionWords(drifted) } : {}),
      ...(driftEvent
        ? {
            last: {
              type: driftEvent.type,
              reason: driftEvent.reason,
              message: driftEvent.message,
              ...(driftEvent.lastTimestamp || driftEvent.eventTime
                ? {
                    at:
                      driftEvent.series?.lastObservedTime || driftEvent.lastTimestamp || driftEvent.eventTime,
                  }
                : {}),
            },
          }
        : {}),
      words: driftWords,
    },
    tests: {
      enabled,
      ignoreFailures: test['ignoreFailures'] === true,
      ...(testCond ? { condition: conditionWords(testCond) } : {}),
      hooks,
      words: testWords,
    },
    remediation: remediationOf(obj),
    conditions: SHOWN.map(cond)
      .filter((c): c is Condition => !!c)
      .map(conditionWords),
  };
  const stalled = cond('Stalled');
  if (stalled?.status === 'True' && stalled.reason === 'RetriesExceeded') {
    state.stalled = {
      message: stalled.message ?? '',
      advice:
        'A plain reconcile stops again at once: the failure count is over the retries, and helm-controller only ' +
        'clears it when the spec, the chart version or the values change. Reset clears the failure counts ' +
        '(resetAt) so it tries again with all its retries; Force runs one install or upgrade regardless ' +
        '(forceAt). Fix the cause first, or the retries are spent again.',
    };
  }
  return state;
}
