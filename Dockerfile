# syntax=docker/dockerfile:1
# Fluxscope's container image: the server (server/dist/main.js) serving the web app's static build.
# Build: docker build -t fluxscope .  (or buildah bud --isolation chroot -t fluxscope .)
# Run in a cluster through helm/fluxscope (in-cluster config is automatic). scripts/image/test-image.sh builds
# and runs it with buildah in CI.
# scripts/test-packaging.sh checks this file against the repo: COPY sources, scripts, pnpm and Node versions,
# the entry file. Keep one instruction per line so that check can read it.

# ---- build: the same install and build CI runs, then a production-only copy of the server ----
FROM node:24-bookworm-slim AS build
# The pnpm pinned by package.json#packageManager.
RUN npm i -g pnpm@12.4.2
ENV CI=true
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
WORKDIR /src

# Manifests first: the install layer is reused until a package.json or the lockfile changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY shared/package.json shared/
COPY demo-cluster/package.json demo-cluster/
COPY server/package.json server/
COPY web/package.json web/
COPY e2e/package.json e2e/
RUN pnpm install --frozen-lockfile

# Sources. .dockerignore keeps node_modules, dist and local state out of the context.
COPY tsconfig.base.json ./
COPY shared/ shared/
COPY demo-cluster/ demo-cluster/
COPY server/ server/
COPY web/ web/
# Root `pnpm build`: shared, demo-cluster, server, web, in dependency order.
RUN pnpm build
# Production dependencies only, workspace packages copied in (with their dist/): /out/server is self-contained.
RUN pnpm --filter @fluxscope/server deploy --prod /out/server
# Type declarations, source maps, TypeScript sources and docs never run: about 50 MB, most of it
# @kubernetes/client-node's, out of the image.
RUN find /out/server/node_modules -type f \( -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.map' -o -name '*.md' \) -delete
# The bill of materials of exactly those packages (CycloneDX JSON) and their licences, shipped in /app/sbom.
COPY scripts/image/sbom.mjs /src/scripts/image/
RUN node scripts/image/sbom.mjs /out/server /out/sbom

# ---- runtime root: the Node binary and the C/C++ runtime it links, nothing else ----
# No shell, package manager (npm, apt, dpkg), compiler or Debian userland: a distroless-style root assembled
# from the Node image, so the runtime image is one small layer rather than the Node image with files deleted
# on top (deleted files would still count in its size).
FROM node:24-bookworm-slim AS runtime-root
RUN mkdir -p /rootfs/usr/local/bin /rootfs/etc && cp /usr/local/bin/node /rootfs/usr/local/bin/node && ldd /usr/local/bin/node | grep -oE '/[^ ]+' | xargs -I{} cp --parents -L {} /rootfs/ && mkdir -p -m 1777 /rootfs/tmp && printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >/rootfs/etc/passwd && printf 'root:x:0:\nnonroot:x:65532:\n' >/rootfs/etc/group

# ---- runtime: Node and the built app ----
FROM scratch AS runtime
COPY --from=runtime-root /rootfs/ /
ENV PATH=/usr/local/bin
ENV NODE_ENV=production
# Listen on every interface inside the pod; the server's own default (127.0.0.1) suits a laptop, not a pod.
ENV FLUXSCOPE_HOST=0.0.0.0
ENV FLUXSCOPE_PORT=8080
WORKDIR /app
COPY --from=build /out/server /app/server
COPY --from=build /src/web/dist /app/web/dist
COPY --from=build /out/sbom /app/sbom
# The distroless "nonroot" uid, numeric so Kubernetes can enforce runAsNonRoot.
USER 65532:65532
EXPOSE 8080
# No HEALTHCHECK: Kubernetes probes /healthz and /readyz. With KUBERNETES_SERVICE_HOST set (in a pod) the
# server uses its service account. Extra flags (--enable-actions, --namespaces...) are appended by the chart.
ENTRYPOINT ["node", "/app/server/dist/main.js", "--static-dir", "/app/web/dist"]
