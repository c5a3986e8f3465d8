#!/usr/bin/env bash
# Waits until every Kustomization and HelmRelease in the test bed is Ready (Ready=True for the current
# generation), printing progress whenever a status changes. Fails after the timeout (default 300s) and
# prints what was not Ready.
#   testbed/wait-ready.sh [TIMEOUT_SECONDS]
# FLUXSCOPE_TESTBED_MIN_KUSTOMIZATIONS / _MIN_HELMRELEASES (default 8 / 5, the fixture's counts) guard
# against declaring victory before the tree has been created.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
KUBECONFIG_PATH=$TB_WORK/kubeconfig
TIMEOUT=${1:-300}
MIN_KS=${FLUXSCOPE_TESTBED_MIN_KUSTOMIZATIONS:-8}
MIN_HR=${FLUXSCOPE_TESTBED_MIN_HELMRELEASES:-5}
[[ -f $KUBECONFIG_PATH ]] || tb_die "no kubeconfig at $KUBECONFIG_PATH: run testbed/up.sh first"

snapshot() {
  "$TB_BIN/kubectl" --kubeconfig="$KUBECONFIG_PATH" get \
    kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io -A -o jsonpath='{range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}{"\t"}{.metadata.generation}{"\t"}{.status.observedGeneration}{"\t"}{.status.conditions[?(@.type=="Ready")].status}{"\t"}{.status.conditions[?(@.type=="Ready")].reason}{"\t"}{.status.conditions[?(@.type=="Ready")].message}{"\n"}{end}'
}

start=$SECONDS
previous=""
while true; do
  now=$(snapshot 2>/dev/null || true)
  # One line per object: name Ready-status (reason); only changed lines are printed.
  summary=$(awk -F'\t' 'NF { r = ($2 == $3 && $4 == "True") ? "Ready" : "NotReady"; print $1, r, "(" $5 ")" }' <<<"$now" | sort)
  if [[ $summary != "$previous" ]]; then
    comm -13 <(echo "$previous") <(echo "$summary") | sed "s/^/[wait-ready +$((SECONDS - start))s] /" >&2
    previous=$summary
  fi
  ks=$(grep -c '^Kustomization/' <<<"$summary" || true)
  hr=$(grep -c '^HelmRelease/' <<<"$summary" || true)
  not_ready=$(grep -c ' NotReady ' <<<"$summary" || true)
  if ((ks >= MIN_KS && hr >= MIN_HR && not_ready == 0)); then
    tb_log "all $ks Kustomizations and $hr HelmReleases Ready after $((SECONDS - start))s"
    exit 0
  fi
  if ((SECONDS - start >= TIMEOUT)); then
    tb_log "timed out after ${TIMEOUT}s: $ks Kustomizations, $hr HelmReleases, $not_ready not Ready:"
    awk -F'\t' 'NF && !($2 == $3 && $4 == "True")' <<<"$now" >&2
    exit 1
  fi
  sleep 2
done
