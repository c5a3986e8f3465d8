#!/usr/bin/env bash
# Packaging checks: the Helm chart (lint, golden renders, refusals) and the Dockerfile (kept in sync with
# the repo: paths, scripts, versions, entry file). No Docker engine or cluster needed.
#   bash scripts/test-packaging.sh            run every check (builds the helm CLI once if not cached)
#   bash scripts/test-packaging.sh --update   rewrite helm/tests/expected/*.yaml from the current chart
#   bash scripts/test-packaging.sh --image      also build the real image from the Dockerfile with buildah and
#                                             run it on the demo cluster (scripts/image/test-image.sh; default
#                                             when CI is set; FLUXSCOPE_IMAGE=0/1 forces it off/on)
# The helm CLI is built from the Go module proxy at the version pinned in helm/tests/tool/go.mod and cached
# in ${FLUXSCOPE_TOOLS_CACHE:-~/.cache/fluxscope-tools}/helm-<version>/helm (outside git).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CHART=helm/fluxscope
TESTS=helm/tests
RELEASE=fluxscope
NAMESPACE=fluxscope
# Pinned so renders do not depend on the helm build's default Kubernetes version.
KUBE_VERSION=1.33.0

# The repository's Node 24 (scripts/bootstrap.sh installs it) for node, npx and vitest below.
[ -f scripts/env.sh ] && source scripts/env.sh

update=0
# CI builds and runs the image too (a few minutes; needs root for buildah); locally it is opt-in.
image="${FLUXSCOPE_IMAGE:-$([ -n "${CI:-}" ] && echo 1 || echo 0)}"
for arg in "$@"; do
  case "$arg" in
    --update) update=1 ;;
    --image) image=1 ;;
    *) echo "usage: $0 [--update] [--image]"; exit 2 ;;
  esac
done

passed=0
failed=0
failures=()
LOG="$(mktemp)"

# check NAME CMD...: runs CMD quietly, counts it, prints its output only when it fails.
check() {
  local name="$1"; shift
  if "$@" >"$LOG" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "FAIL $name"; sed 's/^/     /' "$LOG"
  fi
}

# ---- the helm CLI ----
HELM_VERSION="$(awk '$1 == "helm.sh/helm/v3" { print $2 }' "$TESTS/tool/go.mod")"
HELM="${FLUXSCOPE_TOOLS_CACHE:-$HOME/.cache/fluxscope-tools}/helm-$HELM_VERSION/helm"
build_helm() {
  [ -x "$HELM" ] && return 0
  [ -n "$HELM_VERSION" ] || { echo "no helm.sh/helm/v3 version in $TESTS/tool/go.mod"; return 1; }
  command -v go >/dev/null || { echo "go is needed to build helm"; return 1; }
  echo "building helm $HELM_VERSION from the Go module proxy (slow the first time)..." >&2
  mkdir -p "$(dirname "$HELM")"
  local start=$SECONDS tmp="$HELM.tmp.$$" client_go kube_minor ldflags
  # Like helm's Makefile: the default Kubernetes version (lint's deprecation checks, template without
  # --kube-version) follows the client-go it is built with (v0.N.x is Kubernetes 1.N).
  client_go="$(awk '$1 == "k8s.io/client-go" { print $2 }' "$TESTS/tool/go.mod")"
  kube_minor="$(cut -d. -f2 <<<"$client_go")"
  ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$kube_minor"
  done
  # nice: the machine's two cores are shared with other builds and tests.
  (cd "$TESTS/tool" && nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$tmp" helm.sh/helm/v3/cmd/helm) \
    || { rm -f "$tmp"; return 1; }
  mv "$tmp" "$HELM"
  echo "built helm $HELM_VERSION in $((SECONDS - start)) s" >&2
}

render() { # render VALUES_FILE -> stdout
  "$HELM" template "$RELEASE" "$CHART" --namespace "$NAMESPACE" --kube-version "$KUBE_VERSION" -f "$1"
}

# `helm template` never prints NOTES.txt (only install does, against a cluster), so a copy of the chart
# carries it as a named template that a one-line manifest renders.
NOTES_CHART="$(mktemp -d)"
trap 'rm -f "$LOG"; rm -rf "$NOTES_CHART"' EXIT
make_notes_chart() {
  cp -r "$CHART/." "$NOTES_CHART/"
  { echo '{{- define "fluxscope.notesForTest" }}'; cat "$CHART/templates/NOTES.txt"; echo '{{- end }}'; } \
    >"$NOTES_CHART/templates/_notes_for_test.tpl"
  rm "$NOTES_CHART/templates/NOTES.txt"
  echo 'notes: {{ include "fluxscope.notesForTest" . | toJson }}' >"$NOTES_CHART/templates/notes.yaml"
}
render_notes() { # render_notes VALUES_FILE -> the NOTES text
  "$HELM" template "$RELEASE" "$NOTES_CHART" --namespace "$NAMESPACE" --kube-version "$KUBE_VERSION" \
    -f "$1" --show-only templates/notes.yaml | node -e '
      const text = require("fs").readFileSync(0, "utf8");
      process.stdout.write(JSON.parse(text.slice(text.indexOf("notes: ") + 7)));'
}

same_or_update() { # same_or_update EXPECTED ACTUAL
  if [ "$update" = 1 ]; then cp "$2" "$1"; return 0; fi
  diff -u "$1" "$2" || { echo "render differs; if the change is intended: bash scripts/test-packaging.sh --update"; return 1; }
}

golden() { # golden NAME: the render (and NOTES) of values/NAME.yaml equal expected/NAME.yaml (.notes.txt)
  local name="$1" out notes status=0
  out="$(mktemp)"; notes="$(mktemp)"
  if render "$TESTS/values/$name.yaml" >"$out" && render_notes "$TESTS/values/$name.yaml" >"$notes"; then
    same_or_update "$TESTS/expected/$name.yaml" "$out" || status=1
    same_or_update "$TESTS/expected/$name.notes.txt" "$notes" || status=1
  else
    status=1
  fi
  rm -f "$out" "$notes"
  return $status
}

refused() { # refused FILE: rendering fails with the message on the file's "# expect-error:" line
  local file="$1" want got
  want="$(sed -n 's/^# expect-error: //p' "$file" | head -1)"
  [ -n "$want" ] || { echo "$file has no '# expect-error:' line"; return 1; }
  if got="$(render "$file" 2>&1)"; then
    echo "rendered, but should have failed with: $want"; return 1
  fi
  grep -qiF -- "$want" <<<"$got" || { echo "failed, but without '$want':"; echo "$got"; return 1; }
}

check "helm $HELM_VERSION available" build_helm
if [ -x "$HELM" ]; then
  mkdir -p "$TESTS/expected"
  make_notes_chart
  for values in "$TESTS"/values/*.yaml; do
    name="$(basename "$values" .yaml)"
    check "helm lint --strict ($name)" "$HELM" lint --strict "$CHART" --namespace "$NAMESPACE" \
      --kube-version "$KUBE_VERSION" -f "$values"
    check "helm template matches expected/$name.yaml and .notes.txt" golden "$name"
  done
  # An expected render whose values file is gone would never be checked again.
  for expected in "$TESTS"/expected/*.yaml; do
    name="$(basename "$expected" .yaml)"
    check "expected/$name.yaml has a values file" test -f "$TESTS/values/$name.yaml"
  done
  for file in "$TESTS"/negative/*.yaml; do
    check "refuses $(basename "$file" .yaml)" refused "$file"
  done
fi

# Dockerfile <-> repo sync and policy checks on the renders (vitest, TypeScript).
check "tsc helm/tests" npx tsc -p "$TESTS/tsconfig.json"
check "vitest helm/tests (Dockerfile sync, RBAC and pod policy, server flag contract)" \
  npx vitest run --config "$TESTS/vitest.config.ts"
if [ "$image" = 1 ]; then
  # Its own checks print as they run; it counts here as one.
  if bash scripts/image/test-image.sh; then
    passed=$((passed + 1)); echo "ok   image: built from the Dockerfile with buildah, run on the demo cluster"
  else
    failed=$((failed + 1)); failures+=("image"); echo "FAIL image (scripts/image/test-image.sh, above)"
  fi
fi

echo
[ ${#failures[@]} -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
echo "packaging: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
