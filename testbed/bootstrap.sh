#!/usr/bin/env bash
# Points the test bed's Flux at the fixture repository, the way `flux bootstrap` would leave a cluster:
# GitRepository flux-system (the local Git server) + root Kustomization flux-system (clusters/production).
# The real controllers do the rest. Idempotent (server-side apply). Stdout: the kubeconfig path.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
KUBECONFIG_PATH=$TB_WORK/kubeconfig
[[ -f $KUBECONFIG_PATH ]] || tb_die "no kubeconfig at $KUBECONFIG_PATH: run testbed/up.sh first"
"$TB_BIN/kubectl" --kubeconfig="$KUBECONFIG_PATH" apply --server-side --field-manager=fluxscope-testbed -f - >&2 <<EOF2
apiVersion: v1
kind: Namespace
metadata:
  name: flux-system
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  timeout: 30s
  url: http://$TB_HOST:$TB_GIT_PORT/fleet.git
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  retryInterval: 10s
  timeout: 2m
  prune: true
  path: ./clusters/production
  sourceRef:
    kind: GitRepository
    name: flux-system
EOF2
tb_log "bootstrapped; next: testbed/wait-ready.sh"
echo "$KUBECONFIG_PATH"
