# Process bookkeeping for the test bed: every process it starts gets a pid file in $TB_WORK/run and a
# log in $TB_WORK/logs, so down.sh can stop exactly those processes and nothing else. Sourced, not run.
# shellcheck shell=bash
TB_RUN=$TB_WORK/run
TB_LOGS=$TB_WORK/logs

# The order in which down.sh stops things: dependents first, the store last.
TB_STOP_ORDER=(cri-logs notification-controller helm-controller kustomize-controller source-controller sources-server
  kwok kube-scheduler kube-controller-manager kube-apiserver etcd)

tb_start() { # name command args...
  local name=$1
  shift
  mkdir -p "$TB_RUN" "$TB_LOGS"
  # setsid: its own process group, so a Ctrl-C in the caller's terminal does not reach it.
  setsid "$@" >>"$TB_LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$TB_RUN/$name.pid"
  echo "$1" >"$TB_RUN/$name.cmd"
}

tb_pid_alive() { # name -> 0 if its recorded process still runs the recorded command
  local name=$1 pid cmd
  [[ -f $TB_RUN/$name.pid ]] || return 1
  pid=$(<"$TB_RUN/$name.pid")
  cmd=$(<"$TB_RUN/$name.cmd")
  [[ -r /proc/$pid/cmdline ]] || return 1
  # Guard against a recycled pid: the process must still be the binary we started. Right after tb_start
  # it may not have got there yet (each seen on a loaded machine as "exited while waiting" with an empty
  # log): still the forked shell before it execs setsid, setsid before it execs the binary, or between the
  # two with no cmdline yet. Those are alive when they are this shell's child (a recycled pid is not); an
  # exited one is gone or a zombie.
  local first state parent
  first=$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -1)
  [[ $first == "$cmd" || $first == setsid || $first == */setsid ]] && return 0
  read -r state parent < <(sed -n 's/^[0-9]* (.*) \([A-Z]\) \([0-9]*\).*/\1 \2/p' "/proc/$pid/stat" 2>/dev/null)
  [[ -n ${state:-} && $state != Z && ${parent:-} == "$$" ]] || return 1
  [[ -z $first || $first == "$(tr '\0' '\n' <"/proc/$$/cmdline" | head -1)" ]]
}

tb_stop() { # name
  local name=$1 pid i
  if tb_pid_alive "$name"; then
    pid=$(<"$TB_RUN/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      [[ -d /proc/$pid ]] || break
      sleep 0.2
    done
    if [[ -d /proc/$pid ]]; then
      tb_log "$name ($pid) ignored SIGTERM for 10s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    tb_log "stopped $name ($pid)"
  fi
  rm -f "$TB_RUN/$name.pid" "$TB_RUN/$name.cmd"
}

tb_wait_for() { # description timeout-seconds command...
  # If TB_WAIT_PROC names a started process, give up as soon as it exits.
  local what=$1 timeout=$2 start=$SECONDS
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [[ -n ${TB_WAIT_PROC:-} ]] && ! tb_pid_alive "$TB_WAIT_PROC"; then
      tb_log "$TB_WAIT_PROC exited while waiting for $what; last log lines:"
      tail -n 5 "$TB_LOGS/$TB_WAIT_PROC.log" >&2 || true
      return 1
    fi
    if ((SECONDS - start >= timeout)); then
      tb_log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.5
  done
  tb_log "$what is up ($((SECONDS - start))s)"
}
