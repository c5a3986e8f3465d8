# Shared paths and helpers for the test bed scripts. Sourced, not run.
# shellcheck shell=bash
TB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$TB_DIR/versions.env"
TB_MODULES=$TB_DIR/modules
TB_WORK=${FLUXSCOPE_TESTBED_WORK:-$TB_DIR/.work}
TB_CACHE_ROOT=${FLUXSCOPE_TESTBED_CACHE:-$HOME/.cache/fluxscope-testbed}
export PATH=/usr/local/go/bin:$PATH

# The cache key names the versions and hashes the committed wrapper modules, so changing a version
# or a go.sum builds into a fresh folder and never reuses stale binaries.
tb_version_key() {
  local sum
  sum=$(cd "$TB_DIR" && cat versions.env modules/*/go.mod modules/*/go.sum 2>/dev/null | sha256sum | cut -c1-10)
  echo "k8s${KUBE_VERSION}-etcd${ETCD_VERSION}-flux${FLUX_VERSION}-kwok${KWOK_VERSION}-${sum}"
}
TB_KEY=$(tb_version_key)
TB_CACHE=$TB_CACHE_ROOT/$TB_KEY
TB_BIN=$TB_CACHE/bin
TB_CRDS=$TB_CACHE/crds
# Client tools (testbed/tools: the flux CLI) have a key of their own.
tb_tools_key() {
  local sum
  sum=$(cd "$TB_DIR" && cat tools/go.mod tools/go.sum 2>/dev/null | sha256sum | cut -c1-10)
  echo "tools-flux${FLUX_VERSION}-${sum}"
}
TB_TOOLS_BIN=$TB_CACHE_ROOT/$(tb_tools_key)/bin

# Fixed loopback ports. Override any with the environment when two test beds must coexist.
TB_HOST=127.0.0.1
: "${TB_ETCD_PORT:=23790}" "${TB_ETCD_PEER_PORT:=23800}" "${TB_APISERVER_PORT:=26443}"
: "${TB_KCM_PORT:=26257}" "${TB_SCHED_PORT:=26259}" "${TB_KWOK_PORT:=26247}"
: "${TB_GIT_PORT:=28174}" "${TB_CHARTS_PORT:=28175}"
: "${TB_SOURCE_STORAGE_PORT:=29790}" "${TB_NOTIFICATION_EVENTS_PORT:=29690}" "${TB_NOTIFICATION_RECEIVER_PORT:=29292}"
: "${TB_METRICS_BASE_PORT:=29800}"

tb_log() { printf '[testbed %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
tb_die() { tb_log "ERROR: $*"; exit 1; }
