#!/usr/bin/env bash
# One entry point for scripts and people:
#   testbed/testbed.sh up [TIMEOUT]   up.sh + bootstrap.sh + wait-ready.sh; prints the kubeconfig path
#   testbed/testbed.sh down           down.sh
#   testbed/testbed.sh status         which components run; Flux objects' readiness
#   testbed/testbed.sh kubectl ARGS   kubectl against the test bed
#   testbed/testbed.sh restart-apiserver [DOWN_SECONDS]   stop kube-apiserver, wait, start it again (etcd kept)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$TB_DIR/procs.sh"
source "$TB_DIR/apiserver.sh"

case ${1:-} in
  up)
    "$TB_DIR/up.sh" >/dev/null
    "$TB_DIR/bootstrap.sh" >/dev/null
    "$TB_DIR/wait-ready.sh" "${2:-300}"
    echo "$TB_WORK/kubeconfig"
    ;;
  down) "$TB_DIR/down.sh" ;;
  status)
    for name in "${TB_STOP_ORDER[@]}"; do
      if tb_pid_alive "$name"; then echo "running  $name (pid $(<"$TB_RUN/$name.pid"))"; else echo "stopped  $name"; fi
    done
    if tb_pid_alive kube-apiserver; then
      echo "kubeconfig: $TB_WORK/kubeconfig"
      "$TB_BIN/kubectl" --kubeconfig="$TB_WORK/kubeconfig" get \
        gitrepositories,helmrepositories,kustomizations,helmreleases -A 2>&1 || true
    fi
    ;;
  restart-apiserver)
    tb_stop kube-apiserver
    sleep "${2:-5}"
    start_apiserver
    ;;
  kubectl)
    shift
    exec "$TB_BIN/kubectl" --kubeconfig="$TB_WORK/kubeconfig" "$@"
    ;;
  *)
    echo "usage: testbed.sh up [TIMEOUT]|down|status|kubectl ARGS|restart-apiserver [DOWN_SECONDS]" >&2
    exit 2
    ;;
esac
