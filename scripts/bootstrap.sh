#!/usr/bin/env bash
# Installs the toolchain this repository needs into ./.tools (Node 24 LTS and the pinned pnpm),
# then the workspace's dependencies. Idempotent: a second run only checks.
# Why: the machine's Node (20) is past end of life and @kubernetes/client-node 2.x crashes on it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_VERSION="24"
PNPM_VERSION="12.4.2"

if [ ! -x "$TOOLS/node_modules/.bin/node" ] || ! "$TOOLS/node_modules/.bin/node" --version | grep -q "^v$NODE_VERSION\." \
   || [ ! -x "$TOOLS/node_modules/.bin/pnpm" ]; then
  echo "bootstrap: installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .tools/" >&2
  mkdir -p "$TOOLS"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" "node@$NODE_VERSION" "pnpm@$PNPM_VERSION" >&2
fi
export PATH="$TOOLS/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

cd "$ROOT"
if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  echo "bootstrap: pnpm install" >&2
  if [ -n "${CI:-}" ]; then pnpm install --frozen-lockfile >&2; else pnpm install >&2; fi
fi
