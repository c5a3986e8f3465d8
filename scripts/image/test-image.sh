#!/usr/bin/env bash
# The container image, built for real and run: the base image is made locally when no registry gives it
# (base-image.sh), the unchanged Dockerfile is built with `buildah bud --isolation chroot`, and the image's
# ENTRYPOINT runs as its USER with --demo on 127.0.0.1 inside `buildah run --isolation chroot`. Checked from
# outside: /readyz, the web app and its assets, the demo's golden flux tree, that the process can write
# nothing outside /tmp, that no package manager, compiler or test kit is in the image, the SBOM; and it
# reports the image's size (budget: under 200 MB uncompressed) and file count.
# Usage: bash scripts/image/test-image.sh     Last line: `image: N passed, M failed`.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[ -f scripts/env.sh ] && source scripts/env.sh
TAG=localhost/fluxscope:ci
BUDGET_BYTES=$((200 * 1000 * 1000))
log() { printf '[image %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

passed=0
failed=0
check() { # check NAME CMD...
  local name=$1
  shift
  local out
  if out=$("$@" 2>&1); then
    passed=$((passed + 1))
    echo "ok   $name${out:+ ($out)}"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    sed 's/^/     /' <<<"$out"
  fi
}

ctr=""
mnt=""
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill -- -"$server_pid" 2>/dev/null
  [[ -n $ctr ]] && { buildah umount "$ctr" >/dev/null 2>&1; buildah rm "$ctr" >/dev/null 2>&1; }
  echo "image: $passed passed, $failed failed"
}
trap cleanup EXIT

if ! command -v buildah >/dev/null; then
  log "installing buildah (Debian package)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah) >&2 || {
    failed=$((failed + 1))
    exit 1
  }
fi

start=$SECONDS
# The build keeps its layers (--layers) so a rerun with unchanged manifests skips the install; past 10 GB of
# storage the unnamed ones go, and the next build is a cold one.
storage=$(buildah info --format '{{.store.GraphRoot}}' 2>/dev/null || echo /var/lib/containers/storage)
if (($(du -s "$storage" 2>/dev/null | cut -f1 || echo 0) > 10 * 1024 * 1024)); then
  log "image storage over 10 GB: removing unnamed images"
  buildah rmi --prune >/dev/null 2>&1 || true
fi
if base=$(bash scripts/image/base-image.sh); then
  check "base image $base (made locally when no registry gives it)" true
else
  check "base image (scripts/image/base-image.sh, above)" false
  exit 1
fi
log "building the image from the Dockerfile"
build_log=$(mktemp)
if buildah bud --isolation chroot --layers --quiet -t "$TAG" -f Dockerfile . >"$build_log" 2>&1; then
  check "buildah bud of the Dockerfile ($((SECONDS - start)) s)" true
else
  check "buildah bud of the Dockerfile" sh -c "tail -40 '$build_log'; exit 1"
  exit 1
fi
rm -f "$build_log"

ctr=$(buildah from --quiet "$TAG")
mnt=$(buildah mount "$ctr")

size_and_files() {
  local bytes files
  bytes=$(du -sb --apparent-size "$mnt" | cut -f1)
  files=$(find "$mnt" -xdev | wc -l)
  echo "$((bytes / 1000 / 1000)) MB uncompressed, $files files"
  ((bytes < BUDGET_BYTES))
}
check "image size under 200 MB" size_and_files

no_tools() {
  local found=()
  local p
  for p in usr/bin/apt usr/bin/apt-get usr/bin/dpkg usr/local/bin/npm usr/local/bin/npx usr/local/bin/pnpm \
    usr/local/bin/yarn usr/local/bin/corepack usr/bin/gcc usr/bin/cc usr/bin/g++ usr/bin/make usr/bin/go; do
    [[ -e $mnt/$p ]] && found+=("/$p")
  done
  while IFS= read -r p; do found+=("${p#"$mnt"}"); done < <(find "$mnt/app" -maxdepth 6 -type d \
    \( -name vitest -o -name playwright -o -name playwright-core -o -name typescript -o -name eslint -o -name vite \) \
    -path '*node_modules*')
  ((${#found[@]} == 0)) || { printf '%s\n' "${found[@]}"; return 1; }
}
check "no package manager, compiler or test kit" no_tools

sbom() {
  local sbom=$mnt/app/sbom/sbom.cdx.json
  [[ -s $sbom && -s $mnt/app/sbom/licences.txt ]] || { echo "missing /app/sbom/{sbom.cdx.json,licences.txt}"; return 1; }
  node -e '
    const fs = require("fs"), path = require("path");
    const [sbomFile, appDir] = process.argv.slice(1);
    const listed = new Set(JSON.parse(fs.readFileSync(sbomFile, "utf8")).components.map(c => `${c.name}@${c.version}`));
    const store = path.join(appDir, "node_modules/.pnpm");
    const missing = [];
    for (const dir of fs.readdirSync(store)) {
      const nm = path.join(store, dir, "node_modules");
      if (!fs.existsSync(nm)) continue;
      for (const e of fs.readdirSync(nm)) {
        for (const name of e.startsWith("@") ? fs.readdirSync(path.join(nm, e)).map(s => `${e}/${s}`) : [e]) {
          const pj = path.join(nm, name, "package.json");
          if (!fs.existsSync(pj) || fs.lstatSync(path.join(nm, name)).isSymbolicLink()) continue;
          const p = JSON.parse(fs.readFileSync(pj, "utf8"));
          if (!listed.has(`${p.name}@${p.version}`)) missing.push(`${p.name}@${p.version}`);
        }
      }
    }
    if (missing.length) { console.log("not in the SBOM: " + missing.join(", ")); process.exit(1); }
    console.log(`${listed.size} npm packages listed`);
  ' "$sbom" "$mnt/app/server"
}
check "SBOM lists every npm package in the image" sbom

# The image's own ENTRYPOINT and USER, as a container runtime would use them.
config=$(buildah inspect --type image "$TAG")
user=$(node -e 'console.log(JSON.parse(process.argv[1]).OCIv1.config.User)' "$config")
mapfile -t argv < <(node -e 'for (const a of JSON.parse(process.argv[1]).OCIv1.config.Entrypoint) console.log(a)' "$config")
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
url="http://127.0.0.1:$port"
log "running ${argv[*]} as $user on $url"
server_log=$(mktemp)
setsid buildah run --isolation chroot --network host --user "$user" --env FLUXSCOPE_HOST=127.0.0.1 \
  --env FLUXSCOPE_PORT="$port" "$ctr" -- "${argv[@]}" --demo --demo-scenario steady >"$server_log" 2>&1 &
server_pid=$!

ready() {
  local i
  for i in $(seq 1 120); do
    curl -fsS "$url/readyz" >/dev/null 2>&1 && { echo "after ${i}x0.5 s"; return 0; }
    kill -0 "$server_pid" 2>/dev/null || { tail -30 "$server_log"; return 1; }
    sleep 0.5
  done
  tail -30 "$server_log"
  return 1
}
check "/readyz 200 from outside" ready

web_app() {
  local html asset
  html=$(curl -fsS "$url/") || return 1
  grep -q '<div id="root">' <<<"$html" || { echo "no app root in /"; return 1; }
  asset=$(grep -oE '/assets/[^"]+\.js' <<<"$html" | head -1)
  [[ -n $asset ]] || { echo "no script asset in /"; return 1; }
  curl -fsS -o /dev/null "$url$asset" && echo "$asset"
}
check "the web app and its assets load" web_app

golden_tree() {
  curl -fsS "$url/api/v1/tree/Kustomization/flux-system/flux-system?format=text" \
    | diff -u shared/src/text/__golden__/tree-flux-system.txt - | head -40
  test "${PIPESTATUS[1]}" = 0
}
check "flux tree of the demo equals the golden tree" golden_tree

writes_only_tmp() {
  # The chart runs the image with a read-only root and /tmp as the only writable place; as the image's
  # user nothing outside /tmp may be writable either.
  buildah run --isolation chroot --user "$user" "$ctr" -- node -e '
    const fs = require("fs");
    const wrote = [];
    for (const dir of ["/", "/app", "/app/server", "/app/server/dist", "/app/web/dist", "/etc", "/usr/local/bin", "/var", "/root", "/home", "/tmp"]) {
      try { fs.writeFileSync(`${dir}/.probe`, "x"); fs.unlinkSync(`${dir}/.probe`); wrote.push(dir); } catch {}
    }
    if (wrote.join() !== "/tmp") { console.log("writable: " + wrote.join(", ")); process.exit(1); }
    console.log("only /tmp is writable");'
}
check "the process can write nothing outside /tmp" writes_only_tmp
log "done in $((SECONDS - start)) s"
((failed == 0))
