#!/usr/bin/env bash
# Stops every process the test bed started (by the pids it recorded, nothing else) and deletes its
# cluster state (etcd data, artifacts, published sources). Keeps the PKI and, with --keep-logs, the logs.
# Idempotent: running it when nothing is up is fine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$TB_DIR/procs.sh"

keep_logs=0
[[ ${1:-} == --keep-logs ]] && keep_logs=1

for name in "${TB_STOP_ORDER[@]}"; do tb_stop "$name"; done
# Pid files of components no longer in the list (renamed ones) would otherwise linger.
for f in "$TB_RUN"/*.pid; do
  [[ -e $f ]] || continue
  tb_stop "$(basename "$f" .pid)"
done
rm -rf "$TB_WORK/data" "$TB_WORK/sources" "$TB_RUN"
if ((keep_logs == 0)) && [[ -d $TB_LOGS ]]; then
  # Keep the last run's logs one step back for post-mortems.
  rm -rf "$TB_WORK/logs.previous"
  mv "$TB_LOGS" "$TB_WORK/logs.previous"
fi
tb_log "down"
