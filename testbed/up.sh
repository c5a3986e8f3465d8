#!/usr/bin/env bash
# Brings the test bed up on 127.0.0.1: etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# kwok (one fake node, so Pods run), the Flux CRDs, a Git smart-HTTP server and a Helm chart repository
# serving testbed/fixture, and the four Flux controllers running out of cluster.
# Idempotent: if everything is already running it only prints the kubeconfig path.
# Stdout: the kubeconfig path (nothing else). Progress goes to stderr; logs to testbed/.work/logs.
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$TB_DIR/procs.sh"

source "$TB_DIR/apiserver.sh"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler sources-server
  source-controller kustomize-controller helm-controller notification-controller)
# kwok is optional (FLUXSCOPE_TESTBED_SKIP_KWOK=1): without it Pods stay Pending, which the fixture tolerates.
WITH_KWOK=1
[[ ${FLUXSCOPE_TESTBED_SKIP_KWOK:-} == 1 ]] && WITH_KWOK=0
((WITH_KWOK)) && COMPONENTS+=(kwok cri-logs)

all_running() {
  local c
  for c in "${COMPONENTS[@]}"; do tb_pid_alive "$c" || return 1; done
}

if all_running; then
  tb_log "already up"
  echo "$KUBECONFIG_PATH"
  exit 0
fi
# Something half-up (or a crashed run): clear it first so ports are free and state is fresh.
"$TB_DIR/down.sh" >/dev/null

"$TB_DIR/build.sh" >/dev/null
export PATH=$TB_BIN:$PATH
command -v git >/dev/null || tb_die "git is needed (apt-get install git)"
command -v openssl >/dev/null || tb_die "openssl is needed"
# Node 24 from the workspace's toolchain for the sources server.
# shellcheck source=/dev/null
source "$TB_DIR/../scripts/env.sh" >/dev/null 2>&1 || true
command -v node >/dev/null || tb_die "node is needed (source scripts/env.sh)"

# Leave nothing running if any step below fails.
trap 'tb_log "up failed; tearing down (logs in $TB_LOGS)"; "$TB_DIR/down.sh" --keep-logs >/dev/null' ERR

mkdir -p "$PKI" "$DATA/artifacts" "$TB_LOGS"
: >"$TB_LOGS/up.log"

make_pki() {
  [[ -f $PKI/admin.crt ]] && return
  tb_log "generating PKI in $PKI"
  (
    cd "$PKI"
    local q=(-noenc)
    openssl req -x509 -newkey rsa:2048 "${q[@]}" -keyout ca.key -out ca.crt -days 3650 -subj "/CN=fluxscope-testbed-ca" 2>/dev/null
    openssl req -newkey rsa:2048 "${q[@]}" -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -out apiserver.crt -extfile <(printf '%s\n' \
        "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc" \
        "extendedKeyUsage=serverAuth") 2>/dev/null
    openssl req -newkey rsa:2048 "${q[@]}" -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=fluxscope-testbed-admin" 2>/dev/null
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -out admin.crt \
      -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    rm -f ./*.csr
  )
}

write_kubeconfig() {
  cat >"$KUBECONFIG_PATH" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: fluxscope-testbed
    cluster:
      server: $API
      certificate-authority: $PKI/ca.crt
users:
  - name: fluxscope-testbed-admin
    user:
      client-certificate: $PKI/admin.crt
      client-key: $PKI/admin.key
contexts:
  - name: fluxscope-testbed
    context:
      cluster: fluxscope-testbed
      user: fluxscope-testbed-admin
current-context: fluxscope-testbed
EOF
}

k() { kubectl --kubeconfig="$KUBECONFIG_PATH" "$@"; }
start_control_plane() {
  tb_start etcd "$TB_BIN/etcd" --name=testbed --data-dir="$DATA/etcd" \
    --listen-client-urls="http://$TB_HOST:$TB_ETCD_PORT" --advertise-client-urls="http://$TB_HOST:$TB_ETCD_PORT" \
    --listen-peer-urls="http://$TB_HOST:$TB_ETCD_PEER_PORT" --initial-advertise-peer-urls="http://$TB_HOST:$TB_ETCD_PEER_PORT" \
    --initial-cluster="testbed=http://$TB_HOST:$TB_ETCD_PEER_PORT" --listen-metrics-urls="" \
    --unsafe-no-fsync=true --auto-compaction-retention=1 --quota-backend-bytes=2147483648
  TB_WAIT_PROC=etcd tb_wait_for etcd 30 curl -sf "http://$TB_HOST:$TB_ETCD_PORT/health"

  start_apiserver

  local common=(--kubeconfig="$KUBECONFIG_PATH" --authentication-kubeconfig="$KUBECONFIG_PATH"
    --authorization-kubeconfig="$KUBECONFIG_PATH" --bind-address=$TB_HOST --leader-elect=false)
  tb_start kube-controller-manager "$TB_BIN/kube-controller-manager" "${common[@]}" \
    --secure-port="$TB_KCM_PORT" --root-ca-file="$PKI/ca.crt" --service-account-private-key-file="$PKI/sa.key" \
    --use-service-account-credentials=false --cluster-name=fluxscope-testbed --controllers='*,-cloud-node-lifecycle'
  tb_start kube-scheduler "$TB_BIN/kube-scheduler" "${common[@]}" --secure-port="$TB_SCHED_PORT"
  # kwok plays the kubelet for fake nodes: Pods scheduled there turn Running/Ready without containers.
  # kwok's kubelet-API server would bind 0.0.0.0:<node-port> unless --server-address is given.
  ((WITH_KWOK)) && write_kwok_logs_config
  ((WITH_KWOK)) && tb_start kwok "$TB_BIN/kwok" --kubeconfig="$KUBECONFIG_PATH" --manage-all-nodes=true \
    --config="$TB_CACHE/kwok-stages.yaml" --config="$TB_WORK/kwok-logs.yaml" \
    --node-ip=$TB_HOST --cidr=10.244.0.0/16 --node-port="$TB_KWOK_PORT" --server-address="$TB_HOST:$TB_KWOK_PORT"
  tb_wait_for kube-controller-manager 60 curl -skf "https://$TB_HOST:$TB_KCM_PORT/healthz"
  tb_wait_for kube-scheduler 60 curl -skf "https://$TB_HOST:$TB_SCHED_PORT/healthz"
  ((WITH_KWOK)) || return 0
  k apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: '0'
  labels:
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
EOF
  tb_wait_for "kwok-node-0 Ready" 60 k wait --for=condition=Ready node/kwok-node-0 --timeout=1s
}

# Pod logs: kwok serves pods/log (the kube-apiserver proxies it to kwok's kubelet port) from CRI-format
# files named by ClusterLogs rules, first match wins: the Pods named like the Flux controllers get their
# controller's own log (converted live by servers/cri-logs.mjs), every other Pod the fixture app's log.
FLUX_LOG_CONTROLLERS=(source-controller kustomize-controller helm-controller notification-controller)
controller_pod() { # controller -> the fixed name of its Pod, shaped like a Deployment's
  case $1 in
    source-controller) echo source-controller-7d9c5b8f6c-2xk4p ;;
    kustomize-controller) echo kustomize-controller-5f7b9d6c4d-9vq8m ;;
    helm-controller) echo helm-controller-6c8d5f7b9b-t4w2n ;;
    notification-controller) echo notification-controller-8b6c4d9f5c-k7x3r ;;
  esac
}
POD_LOGS=$TB_WORK/pod-logs
write_kwok_logs_config() {
  mkdir -p "$POD_LOGS"
  local c
  {
    for c in "${FLUX_LOG_CONTROLLERS[@]}"; do
      printf '%s\n' "apiVersion: kwok.x-k8s.io/v1alpha1" "kind: ClusterLogs" "metadata:" "  name: $c" "spec:" \
        "  selector:" "    matchNamespaces: [flux-system]" "    matchNames: [$(controller_pod "$c")]" "  logs:" \
        "    - containers: [manager]" "      logsFile: $POD_LOGS/$c.log" "---"
    done
    printf '%s\n' "apiVersion: kwok.x-k8s.io/v1alpha1" "kind: ClusterLogs" "metadata:" "  name: fixture-workloads" \
      "spec:" "  logs:" "    - logsFile: $POD_LOGS/app.log" "      previousLogsFile: $POD_LOGS/app-previous.log"
  } >"$TB_WORK/kwok-logs.yaml"
}

start_pod_logs() {
  local c version follows=()
  for c in "${FLUX_LOG_CONTROLLERS[@]}"; do follows+=(--follow "$TB_LOGS/$c.log:$POD_LOGS/$c.log"); done
  tb_start cri-logs "$(command -v node)" "$TB_DIR/servers/cri-logs.mjs" "${follows[@]}" \
    --app "$POD_LOGS/app.log" "$POD_LOGS/app-previous.log"
  for c in "${FLUX_LOG_CONTROLLERS[@]}"; do
    version=${c%-controller}
    version=${version^^}_CONTROLLER_VERSION
    k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: $(controller_pod "$c")
  namespace: flux-system
  labels:
    app: $c
    app.kubernetes.io/part-of: flux
spec:
  nodeName: kwok-node-0
  containers:
    - name: manager
      image: ghcr.io/fluxcd/$c:v${!version}
EOF
  done
  tb_log "Pods for the controllers' logs created in flux-system"
}

install_flux_crds() {
  k create namespace flux-system --dry-run=client -o yaml | k apply -f - >/dev/null
  # Server-side: the big CRDs overflow the last-applied annotation of client-side apply.
  k apply --server-side --force-conflicts -f "$TB_CRDS" --recursive >/dev/null
  # Labels flux2's installer puts on its CRDs (pkg/manifestgen/labels.go); the flux CLI reads them.
  local crd
  for crd in $(ls "$TB_CRDS"/*/*.yaml | xargs -n1 basename | sed 's/^\([^_]*\)_\(.*\)\.yaml$/\2.\1/'); do
    k label crd "$crd" --overwrite app.kubernetes.io/part-of=flux app.kubernetes.io/instance=flux-system \
      "app.kubernetes.io/version=v$FLUX_VERSION" >/dev/null
  done
  k wait --for=condition=Established crd --all --timeout=60s >/dev/null
  tb_log "Flux CRDs installed"
}

start_sources() {
  "$TB_DIR/fixture/publish.sh" "$TB_WORK/sources"
  tb_start sources-server "$(command -v node)" "$TB_DIR/servers/serve.mjs" \
    --git-root "$TB_WORK/sources/git" --git-port "$TB_GIT_PORT" \
    --charts-root "$TB_WORK/sources/charts" --charts-port "$TB_CHARTS_PORT"
  tb_wait_for "git server" 30 git ls-remote "http://$TB_HOST:$TB_GIT_PORT/fleet.git"
  tb_wait_for "chart repository" 30 curl -sf "http://$TB_HOST:$TB_CHARTS_PORT/index.yaml"
}

start_flux() {
  export KUBECONFIG=$KUBECONFIG_PATH RUNTIME_NAMESPACE=flux-system
  local events=--events-addr=http://$TB_HOST:$TB_NOTIFICATION_EVENTS_PORT/
  local common=(--log-level=info --log-encoding=json --enable-leader-election=false --watch-all-namespaces=true)
  local port=$TB_METRICS_BASE_PORT
  addrs() { echo "--metrics-addr=$TB_HOST:$port" "--health-addr=$TB_HOST:$((port + 1))"; }
  # shellcheck disable=SC2046
  tb_start source-controller "$TB_BIN/source-controller" "${common[@]}" "$events" $(addrs) \
    --storage-path="$DATA/artifacts" --storage-addr="$TB_HOST:$TB_SOURCE_STORAGE_PORT" \
    --storage-adv-addr="$TB_HOST:$TB_SOURCE_STORAGE_PORT" --requeue-dependency=5s
  port=$((port + 2))
  # shellcheck disable=SC2046
  tb_start kustomize-controller "$TB_BIN/kustomize-controller" "${common[@]}" "$events" $(addrs) \
    --requeue-dependency=5s --no-remote-bases=true
  port=$((port + 2))
  # shellcheck disable=SC2046
  tb_start helm-controller "$TB_BIN/helm-controller" "${common[@]}" "$events" $(addrs) \
    --requeue-dependency=5s --graceful-shutdown-timeout=5s
  port=$((port + 2))
  # shellcheck disable=SC2046
  tb_start notification-controller "$TB_BIN/notification-controller" "${common[@]}" $(addrs) \
    --events-addr="$TB_HOST:$TB_NOTIFICATION_EVENTS_PORT" --receiverAddr="$TB_HOST:$TB_NOTIFICATION_RECEIVER_PORT"
  local c
  port=$TB_METRICS_BASE_PORT
  for c in source-controller kustomize-controller helm-controller notification-controller; do
    TB_WAIT_PROC=$c tb_wait_for "$c" 60 curl -sf "http://$TB_HOST:$((port + 1))/readyz"
    port=$((port + 2))
  done
}

start=$SECONDS
make_pki
write_kubeconfig
start_control_plane
install_flux_crds
start_sources
start_flux
((WITH_KWOK)) && start_pod_logs
trap - ERR
tb_log "test bed up in $((SECONDS - start))s; kubeconfig: $KUBECONFIG_PATH (next: testbed/bootstrap.sh)"
echo "$KUBECONFIG_PATH"
