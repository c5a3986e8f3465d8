#!/usr/bin/env bash
# The README's one test command. On a fresh machine it installs what the tests need (Node 24 and pnpm into
# .tools/, the workspace's packages, Debian's Chromium), then runs every suite: lint, types, unit and
# integration tests (real HTTP against the demo cluster), packaging checks, browser tests, and the test bed
# against a real kube-apiserver and Flux controllers when FLUXSCOPE_TESTBED=1 (CI sets it).
# Usage: bash scripts/test.sh [stage...]   stages: lint types build unit packaging e2e fleet testbed
# `fleet` (agents and hub over a real nats-server) and `testbed` build Go tools on first use (cached after);
# both run by default when FLUXSCOPE_TESTBED=1 (CI sets it).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/bootstrap.sh || { echo "test: bootstrap failed"; exit 1; }
source scripts/env.sh

if [ ! -x /usr/bin/chromium ]; then
  echo "test: installing Debian's Chromium for the browser tests" >&2
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
  else
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
  fi
fi

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(lint types build unit packaging e2e)
[ "${FLUXSCOPE_TESTBED:-0}" = 1 ] && [ $# -eq 0 ] && stages+=(fleet testbed)

passed=0
failed=0
failures=()
run_stage() {
  local name="$1"; shift
  local start=$SECONDS
  echo "==> $name"
  if "$@"; then
    passed=$((passed + 1)); echo "<== $name ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "<== $name FAILED ($((SECONDS - start)) s)"
  fi
}

for stage in "${stages[@]}"; do
  case "$stage" in
    lint) run_stage lint bash -c 'npx eslint . && npx prettier --check . >/dev/null' ;;
    types) run_stage types pnpm -r run typecheck ;;
    build) run_stage build pnpm build ;;
    unit) run_stage unit npx vitest run ;;
    packaging) [ -f scripts/test-packaging.sh ] && run_stage packaging bash scripts/test-packaging.sh ;;
    e2e) [ -f e2e/playwright.config.ts ] && run_stage e2e pnpm --filter @fluxscope/e2e test ;;
    fleet) run_stage fleet bash scripts/test-fleet.sh ;;
    testbed) [ -f testbed/test.sh ] && run_stage testbed bash testbed/test.sh ;;
    *) echo "test: unknown stage $stage"; failed=$((failed + 1)) ;;
  esac
done

echo
[ ${#failures[@]} -gt 0 ] && echo "failed stages: ${failures[*]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
