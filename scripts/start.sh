#!/usr/bin/env bash
# The one start command: bash scripts/start.sh [fluxscope flags]
# Installs the toolchain if needed, builds what is stale (shared, demo-cluster, server, and web once it
# exists), then runs the server. With no kubeconfig and not in a cluster, the server starts its built-in
# demo cluster by itself. `bash scripts/start.sh --help` lists the flags.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh

# True when dist/ is missing or any source file (or the package's config) is newer than the build stamp.
stale() {
  local pkg="$1" stamp="$1/dist/.build-stamp"
  [ -f "$stamp" ] || return 0
  [ -n "$(find "$pkg/src" "$pkg/package.json" "$pkg"/tsconfig*.json "$pkg"/index.html "$pkg"/vite.config.* \
      -newer "$stamp" -print -quit 2>/dev/null)" ]
}

build() {
  local pkg="$1"
  if stale "$pkg"; then
    echo "start: building $pkg" >&2
    pnpm --filter "./$pkg" run build >&2
    mkdir -p "$pkg/dist" && touch "$pkg/dist/.build-stamp"
  fi
}

build shared
if [ -f demo-cluster/src/index.ts ]; then build demo-cluster; fi
build server
if [ -f web/index.html ]; then build web; fi

# No cluster to connect to and no cluster flags: play the demo as a fleet of three clusters, so the first
# start shows the fleet page as well as every single-cluster view (the first cluster is the default one).
has_cluster() {
  [ -n "${KUBECONFIG:-}" ] || [ -f "${HOME:-/nonexistent}/.kube/config" ] || [ -n "${KUBERNETES_SERVICE_HOST:-}" ]
}
names_clusters() {
  local arg
  for arg in "$@"; do
    case "$arg" in --kubeconfig* | --context* | --all-contexts* | --demo*) return 0 ;; esac
  done
  [ -n "${FLUXSCOPE_KUBECONFIG:-}${FLUXSCOPE_CONTEXT:-}${FLUXSCOPE_ALL_CONTEXTS:-}${FLUXSCOPE_DEMO:-}${FLUXSCOPE_DEMO_CLUSTERS:-}" ]
}
if ! has_cluster && ! names_clusters "$@"; then set -- --demo-clusters 3 "$@"; fi

exec node server/dist/main.js "$@"
