#!/usr/bin/env bash
# Builds the test bed's binaries from Go modules through the module proxy, into a cache outside git:
#   ${FLUXSCOPE_TESTBED_CACHE:-$HOME/.cache/fluxscope-testbed}/<version-key>/{bin,crds}
# Each component is a wrapper module of our own (testbed/modules/<name>/go.mod + go.sum, committed);
# no module source is copied and no binary is committed. A second run skips what is already built.
#
#   testbed/build.sh            build whatever is missing (prints the bin folder on stdout)
#   testbed/build.sh --regen    rewrite the wrapper modules from versions.env (needs the proxy), then build
#   testbed/build.sh --print-bin  print the bin folder and exit
#   testbed/build.sh --tools      build the client tools (flux CLI, nats-server, hydra) if missing; prints their bin folder
#   testbed/build.sh --print-tools-bin  print the tools' bin folder and exit
#
# The client tools live in their own wrapper module (testbed/tools) under their own cache key, so adding or
# bumping a tool never rebuilds the control plane and controllers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export CGO_ENABLED=0
# Compile at low priority, so the machine stays usable during a cold build.
NICE=(nice -n 10)

KUBE_STAGING_VERSION=0.${KUBE_VERSION#1.}
FLUX_CONTROLLERS=(source-controller kustomize-controller helm-controller notification-controller)
flux_controller_version() {
  case $1 in
    source-controller) echo "$SOURCE_CONTROLLER_VERSION" ;;
    kustomize-controller) echo "$KUSTOMIZE_CONTROLLER_VERSION" ;;
    helm-controller) echo "$HELM_CONTROLLER_VERSION" ;;
    notification-controller) echo "$NOTIFICATION_CONTROLLER_VERSION" ;;
  esac
}
KUBE_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

gomod_path_of() { go mod download -json "$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("GoMod") or sys.exit(d.get("Error")))'; }
module_dir_of() { go mod download -json "$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Dir") or sys.exit(d.get("Error")))'; }

new_wrapper() { # name
  local dir=$TB_MODULES/$1
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && go mod init "fluxscope.local/testbed/$1" >/dev/null 2>&1 && go mod edit -go=1.26.0)
  echo "$dir"
}

# Replace directives of a dependency are ignored by Go, so a wrapper repeats the controller's own
# non-local ones (go-digest for BLAKE3, kustomize api/kyaml, yaml.v3). Local ones (./api) are dropped:
# the wrapper then uses the api module version the controller requires, which the proxy serves.
copy_remote_replaces() { # wrapper-dir module@version
  local gomod
  gomod=$(gomod_path_of "$2")
  go mod edit -json "$gomod" | python3 -c '
import json, sys
for r in json.load(sys.stdin).get("Replace") or []:
    new = r["New"]
    if not new.get("Version"):
        continue  # a local path replace such as ./api
    old = r["Old"]["Path"] + ("@" + r["Old"]["Version"] if r["Old"].get("Version") else "")
    print(old + "=" + new["Path"] + "@" + new["Version"])
' | while read -r rep; do (cd "$1" && go mod edit "-replace=$rep"); done
}

regen() {
  tb_log "regenerating wrapper modules from versions.env"
  # `go get` only warns when the proxy refuses a module zip; make that fatal here.
  exec 3>&2 2> >(tee "$TB_MODULES/.regen.log" >&3)
  local dir c v
  # Kubernetes: k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with
  # ./staging/src/..., which the module zip lacks. Point each at its published v0.<minor>.<patch> tag.
  dir=$(new_wrapper kube)
  local kgomod
  kgomod=$(gomod_path_of "k8s.io/kubernetes@v$KUBE_VERSION")
  for m in $(awk '$2=="v0.0.0"{print $1}' "$kgomod"); do
    (cd "$dir" && go mod edit "-replace=$m=$m@v$KUBE_STAGING_VERSION")
  done
  # Mirror k/k's own go and godebug lines so runtime defaults match an upstream build.
  local kgo kdebug
  kgo=$(awk '$1=="go"{print $2; exit}' "$kgomod")
  kdebug=$(awk '$1=="godebug"{print $2; exit}' "$kgomod")
  (cd "$dir" && go mod edit "-go=$kgo" ${kdebug:+"-godebug=$kdebug"})
  local tools=()
  for c in "${KUBE_CMDS[@]}"; do tools+=("k8s.io/kubernetes/cmd/$c@v$KUBE_VERSION"); done
  (cd "$dir" && go get -tool "${tools[@]}")

  # etcd: the server module has ../api style replaces, so `go install` refuses it; a wrapper works.
  dir=$(new_wrapper etcd)
  (cd "$dir" && go get -tool "go.etcd.io/etcd/server/v3@v$ETCD_VERSION")

  dir=$(new_wrapper kwok)
  (cd "$dir" && go get -tool "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION")

  for c in "${FLUX_CONTROLLERS[@]}"; do
    v=$(flux_controller_version "$c")
    dir=$(new_wrapper "$c")
    copy_remote_replaces "$dir" "github.com/fluxcd/$c@v$v"
    (cd "$dir" && go get -tool "github.com/fluxcd/$c@v$v")
  done
  exec 2>&3 3>&-
  if grep -q "403 Forbidden" "$TB_MODULES/.regen.log"; then
    grep "403 Forbidden" "$TB_MODULES/.regen.log" | sort -u >&2
    tb_die "the module proxy refused some modules (above); pick other versions in versions.env"
  fi
  rm -f "$TB_MODULES/.regen.log"
  # The key hashes go.mod/go.sum, so recompute it now that they changed.
  TB_KEY=$(tb_version_key) TB_CACHE=$TB_CACHE_ROOT/$TB_KEY TB_BIN=$TB_CACHE/bin TB_CRDS=$TB_CACHE/crds
}

TIMES_FILE=""
timed() { # label command...
  local start=$SECONDS label=$1
  shift
  "$@"
  printf '%s %ss\n' "$label" "$((SECONDS - start))" >>"$TIMES_FILE"
  tb_log "$label built in $((SECONDS - start))s"
}

build_kube() {
  local ld="-s -w" p minor=${KUBE_VERSION#1.}
  minor=${minor%%.*}
  # Without these, /version says v0.0.0-master+$Format:%H$ and `flux check --pre` refuses the cluster.
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=v$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ld="$ld -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  local pkgs=()
  for c in "${KUBE_CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  (cd "$TB_MODULES/kube" && "${NICE[@]}" go build -trimpath -tags selinux,notest,grpcnotrace \
    -ldflags "$ld" -o "$TB_BIN/" "${pkgs[@]}")
}
build_etcd() {
  (cd "$TB_MODULES/etcd" && "${NICE[@]}" go build -trimpath -ldflags "-s -w" -o "$TB_BIN/etcd" go.etcd.io/etcd/server/v3)
}
build_kwok() {
  (cd "$TB_MODULES/kwok" && "${NICE[@]}" go build -trimpath -ldflags "-s -w" -o "$TB_BIN/kwok" sigs.k8s.io/kwok/cmd/kwok)
}
build_flux() { # controller
  (cd "$TB_MODULES/$1" && "${NICE[@]}" go build -trimpath -ldflags "-s -w" -o "$TB_BIN/$1" "github.com/fluxcd/$1")
}

extract_crds() {
  local c v src
  for c in "${FLUX_CONTROLLERS[@]}"; do
    v=$(flux_controller_version "$c")
    src=$(cd "$TB_MODULES/$c" && module_dir_of "github.com/fluxcd/$c@v$v")
    mkdir -p "$TB_CRDS/$c"
    cp "$src"/config/crd/bases/*.yaml "$TB_CRDS/$c/"
    chmod u+w "$TB_CRDS/$c"/*.yaml
  done
}

# kwok 0.8 no longer embeds default stages ("no stages found"); give it the upstream ones from its module:
# nodes turn Ready and keep a status heartbeat, Pods turn Running/Ready.
extract_kwok_stages() {
  local src
  src=$(cd "$TB_MODULES/kwok" && module_dir_of "sigs.k8s.io/kwok@v$KWOK_VERSION")/kustomize/stage
  {
    for f in "$src"/node/fast/node-initialize.yaml "$src"/node/heartbeat/node-heartbeat.yaml "$src"/pod/fast/pod-*.yaml; do
      echo "---"
      cat "$f"
    done
  } >"$TB_CACHE/kwok-stages.yaml"
}

# The client-side tools, built together in one `go build` from one wrapper module (testbed/tools):
#   flux         the CLI of the same release as the controllers, for the parity suite (flux's text vs ours)
#   nats-server  the fleet's message broker (JetStream), for the agent/hub suites and benches
#   hydra        an OpenID Connect provider, for the sign-in and impersonation suites
TOOL_PKGS=(github.com/fluxcd/flux2/v2/cmd/flux github.com/nats-io/nats-server/v2 github.com/ory/hydra/v2)
TOOL_BINS=(flux nats-server hydra)

build_tools() {
  mkdir -p "$TB_TOOLS_BIN"
  local missing=0 b
  for b in "${TOOL_BINS[@]}"; do [[ -x $TB_TOOLS_BIN/$b ]] || missing=1; done
  if ((missing)); then
    local start=$SECONDS src work
    # flux embeds its install manifests (cmd/flux/manifests/*.yaml), which its release build generates and
    # the module zip lacks. The read commands the parity suite runs never use them, so the build uses a
    # copy of the module (in the cache, not in git) whose manifests folder holds one YAML file that says so,
    # through a replace in a copy of the wrapper module.
    src=$(cd "$TB_DIR/tools" && module_dir_of "github.com/fluxcd/flux2/v2@v$FLUX_VERSION")
    work=$(dirname "$TB_TOOLS_BIN")/src
    rm -rf "$work" && mkdir -p "$work"
    cp -r "$src" "$work/flux2" && chmod -R u+w "$work/flux2"
    mkdir -p "$work/flux2/cmd/flux/manifests"
    echo "# not embedded: this flux binary is built for read commands only" >"$work/flux2/cmd/flux/manifests/none.yaml"
    cp "$TB_DIR/tools/go.mod" "$TB_DIR/tools/go.sum" "$work/"
    # -X main.VERSION is flux's version variable; the other two programs have none of that name. hydra keeps
    # its in-memory store (DSN=memory) in SQLite, which needs the sqlite tag and cgo (gcc).
    (cd "$work" && go mod edit -replace "github.com/fluxcd/flux2/v2=./flux2" &&
      CGO_ENABLED=1 "${NICE[@]}" go build -trimpath -tags sqlite -ldflags "-s -w -X main.VERSION=$FLUX_VERSION" \
        -o "$TB_TOOLS_BIN/" "${TOOL_PKGS[@]}")
    tb_log "tools (${TOOL_BINS[*]}) built in $((SECONDS - start))s"
  fi
  echo "$TB_TOOLS_BIN"
}

main() {
  case ${1:-} in
    --regen) regen ;;
    --print-bin) echo "$TB_BIN"; return ;;
    --tools) build_tools; return ;;
    --print-tools-bin) echo "$TB_TOOLS_BIN"; return ;;
    "") ;;
    *) tb_die "usage: build.sh [--regen|--print-bin]" ;;
  esac
  mkdir -p "$TB_BIN"
  TIMES_FILE=$TB_CACHE/build-times.txt
  local total_start=$SECONDS built=0
  # Smallest first, so a failure in the big Kubernetes build still leaves the rest usable.
  [[ -x $TB_BIN/etcd ]] || { timed etcd build_etcd; built=1; }
  local c
  for c in "${FLUX_CONTROLLERS[@]}"; do
    [[ -x $TB_BIN/$c ]] || { timed "$c" build_flux "$c"; built=1; }
  done
  local missing=0
  for c in "${KUBE_CMDS[@]}"; do [[ -x $TB_BIN/$c ]] || missing=1; done
  ((missing == 0)) || { timed kube build_kube; built=1; }
  if [[ ${FLUXSCOPE_TESTBED_SKIP_KWOK:-} != 1 ]]; then
    [[ -x $TB_BIN/kwok ]] || { timed kwok build_kwok; built=1; }
  fi
  [[ -f $TB_CRDS/.done ]] || { extract_crds && touch "$TB_CRDS/.done"; }
  [[ -f $TB_CACHE/kwok-stages.yaml ]] || extract_kwok_stages
  if ((built)); then
    printf 'total %ss (%s)\n' "$((SECONDS - total_start))" "$(date -u +%FT%TZ)" >>"$TIMES_FILE"
  fi
  tb_log "binaries ready in $TB_BIN ($(du -sh "$TB_BIN" | cut -f1)); build took $((SECONDS - total_start))s"
  echo "$TB_BIN"
}
main "$@"
