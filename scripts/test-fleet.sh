#!/usr/bin/env bash
# The `fleet` stage: agents and a hub over a real nats-server (127.0.0.1, a free port, JetStream in a temp
# dir, started and stopped by the suites themselves), including the NATS permission checks.
# nats-server comes from the test bed's tools build (testbed/build.sh --tools: one go build from the Go module
# proxy, cached in ~/.cache/fluxscope-testbed; the first build is timed in its log line).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source scripts/env.sh >/dev/null 2>&1 || true

start=$SECONDS
if ! tools_bin="$(bash testbed/build.sh --tools)"; then
  echo "fleet: testbed/build.sh --tools failed (nats-server)" >&2
  exit 1
fi
echo "fleet: tools ready in $((SECONDS - start)) s ($tools_bin)" >&2
if [[ ! -x $tools_bin/nats-server ]]; then
  echo "fleet: $tools_bin has no nats-server" >&2
  exit 1
fi
export FLUXSCOPE_NATS_SERVER="$tools_bin/nats-server"
exec npx vitest run --config vitest.nats.config.ts
