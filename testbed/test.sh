#!/usr/bin/env bash
# CI entry for the test bed (scripts/test.sh runs it as its `testbed` stage when FLUXSCOPE_TESTBED=1).
# Builds the test bed if its binaries are not cached (a COLD BUILD TAKES 20 TO 70 MINUTES, see
# testbed/README.md; CI should keep ~/.cache/fluxscope-testbed between runs), brings the control plane and
# Flux controllers up WITHOUT bootstrapping (the suites start Fluxscope first and watch the bootstrap
# happen), runs the vitest suite in testbed/tests/ and the Playwright specs e2e/tests/testbed*.spec.ts, and
# always tears down, leaving nothing running.
#
# The test bed runs in its own work folder and, when the default ports are taken (someone's `testbed.sh up`
# on this machine), on ports shifted by a multiple of 1000, so it never touches another test bed.
# Usage: bash testbed/test.sh            Last line: `testbed: N passed, M failed`; non-zero exit on failure.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source scripts/env.sh >/dev/null 2>&1 || true

log() { printf '[testbed-test %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

PORT_VARS=(TB_ETCD_PORT:23790 TB_ETCD_PEER_PORT:23800 TB_APISERVER_PORT:26443 TB_KCM_PORT:26257
  TB_SCHED_PORT:26259 TB_KWOK_PORT:26247 TB_GIT_PORT:28174 TB_CHARTS_PORT:28175 TB_SOURCE_STORAGE_PORT:29790
  TB_NOTIFICATION_EVENTS_PORT:29690 TB_NOTIFICATION_RECEIVER_PORT:29292)
METRICS_BASE=29800 # 8 ports: 29800..29807

port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
ports_free_at() { # offset -> 0 if every port of the test bed is free at that offset
  local entry p
  for entry in "${PORT_VARS[@]}"; do port_busy $((${entry#*:} + $1)) && return 1; done
  for ((p = METRICS_BASE; p < METRICS_BASE + 8; p++)); do port_busy $((p + $1)) && return 1; done
  return 0
}

offset=""
for candidate in 0 1000 2000 3000; do
  if ports_free_at "$candidate"; then
    offset=$candidate
    break
  fi
done
if [[ -z $offset ]]; then
  log "no free set of test bed ports (tried offsets 0..3000)"
  echo "testbed: 0 passed, 1 failed"
  exit 1
fi
for entry in "${PORT_VARS[@]}"; do export "${entry%%:*}=$((${entry#*:} + offset))"; done
export TB_METRICS_BASE_PORT=$((METRICS_BASE + offset))
((offset)) && log "default ports are taken: using ports shifted by $offset"

export FLUXSCOPE_TESTBED_WORK="${FLUXSCOPE_TESTBED_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/fluxscope-testbed-test.XXXXXX")}"
# The last run's component logs are kept here for post-mortems (the work folder itself is removed).
LOGS_KEEP="${TMPDIR:-/tmp}/fluxscope-testbed-test-logs"
passed=0
failed=0

teardown() {
  local rc=$?
  log "tearing down"
  bash testbed/down.sh --keep-logs >/dev/null 2>&1 || true
  rm -rf "$LOGS_KEEP"
  [[ -d $FLUXSCOPE_TESTBED_WORK/logs ]] && cp -r "$FLUXSCOPE_TESTBED_WORK/logs" "$LOGS_KEEP" 2>/dev/null
  rm -rf "$FLUXSCOPE_TESTBED_WORK"
  log "component logs of this run: $LOGS_KEEP"
  echo "testbed: $passed passed, $failed failed"
  ((failed == 0 && rc == 0)) || exit 1
  exit 0
}
trap teardown EXIT
trap 'exit 130' INT TERM

if [[ ! -x "$(bash testbed/build.sh --print-bin)/kube-apiserver" ]]; then
  log "building the test bed (cold: 20 to 70 minutes on 2 cores; cached afterwards)"
fi
if ! bash testbed/build.sh >/dev/null; then
  log "testbed/build.sh failed"
  failed=$((failed + 1))
  exit 1
fi
# The client tools (flux CLI for the parity suite, nats-server for the fleet suites, hydra for sign-in), built
# once in one go build and cached like the rest.
if ! bash testbed/build.sh --tools >/dev/null; then
  log "testbed/build.sh --tools (flux CLI, nats-server, hydra) failed"
  failed=$((failed + 1))
  exit 1
fi
if [[ ! -f server/dist/main.js || ! -f web/dist/index.html ]]; then
  log "building the server and web (dist missing)"
  pnpm build >/dev/null || {
    failed=$((failed + 1))
    exit 1
  }
fi

start=$SECONDS
fresh_testbed() { # a fresh, not bootstrapped test bed; exports its kubeconfig for the suites
  local t=$SECONDS
  bash testbed/down.sh >/dev/null 2>&1
  if ! FLUXSCOPE_TESTBED_KUBECONFIG=$(bash testbed/up.sh); then
    log "testbed/up.sh failed"
    return 1
  fi
  export FLUXSCOPE_TESTBED_KUBECONFIG
  log "test bed up in $((SECONDS - t)) s (not bootstrapped); kubeconfig $FLUXSCOPE_TESTBED_KUBECONFIG"
}

run() { # name command...
  local name=$1 t=$SECONDS
  shift
  log "running $name"
  if "$@"; then
    passed=$((passed + 1))
    log "$name ok ($((SECONDS - t)) s)"
  else
    failed=$((failed + 1))
    log "$name FAILED ($((SECONDS - t)) s)"
  fi
}

# Each suite bootstraps a fresh test bed itself, once its Fluxscope server is watching: the vitest suite
# (API checks, then a Git push), then the browser spec with the map open.
run "types (testbed/tests)" npx tsc -p testbed/tests/tsconfig.json
if fresh_testbed; then
  run vitest npx vitest run --config testbed/tests/vitest.config.ts
else
  failed=$((failed + 1))
fi
if fresh_testbed; then
  run playwright pnpm --filter @fluxscope/e2e exec playwright test tests/testbed.spec.ts
  # On the same test bed, after testbed.spec.ts (which starts from a cluster without Flux objects): sign-in
  # through the real OIDC provider and per-user RBAC (adds team namespaces of its own).
  run "playwright (OIDC)" pnpm --filter @fluxscope/e2e exec playwright test tests/testbed-oidc.spec.ts
else
  failed=$((failed + 1))
fi
log "suite time $((SECONDS - start)) s (including up)"
