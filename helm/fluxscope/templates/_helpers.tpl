{{/* Names and labels, the usual Helm way. */}}
{{- define "fluxscope.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fluxscope.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "fluxscope.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fluxscope.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fluxscope.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "fluxscope.labels" -}}
helm.sh/chart: {{ include "fluxscope.chart" . }}
{{ include "fluxscope.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "fluxscope.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fluxscope.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "fluxscope.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* "true" when users must authenticate: a bearer token Secret, a trusted proxy header or OIDC. */}}
{{- define "fluxscope.authConfigured" -}}
{{- if or .Values.auth.token.existingSecret .Values.auth.proxy.header .Values.auth.oidc.issuer }}true{{ end }}
{{- end }}

{{/*
Refuse to expose an unauthenticated dashboard: it shows the whole cluster's Flux state (and, with actions,
can change it). Called from every template that could make the pod reachable from outside the cluster.
*/}}
{{- define "fluxscope.requireAuthToExpose" -}}
{{- $exposed := list }}
{{- if .Values.ingress.enabled }}{{ $exposed = append $exposed "ingress.enabled=true" }}{{ end }}
{{- if ne .Values.service.type "ClusterIP" }}{{ $exposed = append $exposed (printf "service.type=%s" .Values.service.type) }}{{ end }}
{{- if and $exposed (not (include "fluxscope.authConfigured" .)) (not .Values.exposeWithoutAuth) }}
{{- fail (printf "fluxscope: %s exposes the dashboard outside the cluster, but no auth is configured. Set auth.token.existingSecret or auth.proxy.header, or set exposeWithoutAuth=true if something else protects it." (join ", " $exposed)) }}
{{- end }}
{{- end }}

{{/* "true" when the pod is reachable from outside the cluster: an Ingress or a non-ClusterIP Service. */}}
{{- define "fluxscope.exposed" -}}
{{- if or .Values.ingress.enabled (ne .Values.service.type "ClusterIP") }}true{{ end }}
{{- end }}

{{/* "true" when the NetworkPolicy is rendered: networkPolicy.enabled true, or auto and exposed. */}}
{{- define "fluxscope.networkPolicyOn" -}}
{{- $on := .Values.networkPolicy.enabled }}
{{- if or (eq (toString $on) "true") (and (eq (toString $on) "auto") (include "fluxscope.exposed" .)) }}true{{ end }}
{{- end }}

{{/*
Refuse combinations that are unsafe whatever else protects the install:
- actions with no authentication: anyone who reaches the pod could suspend what Flux deploys;
- proxy-header auth exposed (Ingress, LoadBalancer, NodePort) without a NetworkPolicy admitting only the
  proxy: the user header is then whatever the caller writes;
- TLS at the Ingress without trustedProxies: the server would not believe X-Forwarded-Proto, and every
  sign-in and action from the browser (Origin https://...) would be refused as cross-site.
*/}}
{{- define "fluxscope.requireSafeCombination" -}}
{{- if and .Values.actions.enabled (not (include "fluxscope.authConfigured" .)) }}
{{- fail "fluxscope: actions.enabled=true lets whoever reaches the dashboard reconcile, suspend and resume Flux objects, but no auth is configured. Set auth.token.existingSecret or auth.proxy.header." }}
{{- end }}
{{- if and .Values.auth.proxy.header (include "fluxscope.exposed" .) (or (not (include "fluxscope.networkPolicyOn" .)) (not .Values.networkPolicy.from)) }}
{{- fail "fluxscope: auth.proxy.header trusts a header anyone who reaches the pod can set, and the dashboard is exposed (Ingress or a non-ClusterIP Service). Keep networkPolicy.enabled on and list the proxy's pods in networkPolicy.from, so only the proxy reaches it." }}
{{- end }}
{{- with .Values.auth.oidc }}{{ if .issuer }}
{{- if or (not .clientId) (not .url) }}
{{- fail "fluxscope: auth.oidc.issuer needs auth.oidc.clientId and auth.oidc.url (the dashboard's external URL, for the callback)." }}
{{- end }}
{{- if $.Values.auth.token.existingSecret }}
{{- fail "fluxscope: auth.oidc and auth.token are two sign-ins: choose one." }}
{{- end }}
{{- end }}{{ end }}
{{- if .Values.impersonation.enabled }}
{{- if not (or .Values.auth.oidc.issuer .Values.auth.proxy.header) }}
{{- fail "fluxscope: impersonation.enabled acts as the signed-in user: set auth.oidc or auth.proxy.header." }}
{{- end }}
{{- if not (or .Values.impersonation.users .Values.impersonation.groups) }}
{{- fail "fluxscope: impersonation.enabled needs impersonation.users or impersonation.groups: the service account may impersonate only those (never everybody)." }}
{{- end }}
{{- end }}
{{- if and .Values.ingress.enabled .Values.ingress.tls (not .Values.trustedProxies) }}
{{- fail "fluxscope: ingress.tls terminates HTTPS at the ingress controller; set trustedProxies to its pod addresses (CIDRs) so the server believes X-Forwarded-Proto, or sign-in and actions are refused as cross-site." }}
{{- end }}
{{- end }}

{{/*
Host names the server answers to (DNS rebinding protection): the Service's in-cluster names, the Ingress
hosts, and allowedHosts. IP literals, localhost (port-forward) and probes are always answered.
*/}}
{{- define "fluxscope.allowedHosts" -}}
{{- $name := include "fluxscope.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- $hosts := list $name (printf "%s.%s" $name $ns) (printf "%s.%s.svc" $name $ns) (printf "%s.%s.svc.cluster.local" $name $ns) }}
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}{{ $hosts = append $hosts .host }}{{ end }}
{{- end }}
{{- range .Values.allowedHosts }}{{ $hosts = append $hosts . }}{{ end }}
{{- join "," (uniq $hosts) }}
{{- end }}

{{/* The namespaces watched in rbac.scope=namespaces, checked once here. */}}
{{- define "fluxscope.watchedNamespaces" -}}
{{- if eq .Values.rbac.scope "namespaces" }}
{{- if not .Values.rbac.namespaces }}
{{- fail "fluxscope: rbac.scope=namespaces needs at least one namespace in rbac.namespaces" }}
{{- end }}
{{- join "," (uniq .Values.rbac.namespaces) }}
{{- end }}
{{- end }}

{{/* Server flags derived from the values; the image's entrypoint already sets --static-dir. */}}
{{- define "fluxscope.args" -}}
- --log-level={{ .Values.logLevel }}
- --allowed-hosts={{ include "fluxscope.allowedHosts" . }}
{{- with .Values.trustedProxies }}
- --trusted-proxies={{ join "," . }}
{{- end }}
{{- with include "fluxscope.watchedNamespaces" . }}
- --namespaces={{ . }}
{{- end }}
{{- if .Values.actions.enabled }}
- --enable-actions
{{- end }}
{{- if not .Values.logs.enabled }}
- --disable-logs
{{- end }}
{{- with .Values.auth.oidc }}{{ if .issuer }}
- --oidc-issuer={{ .issuer }}
- --oidc-client-id={{ .clientId }}
- --oidc-redirect-url={{ trimSuffix "/" .url }}/api/v1/auth/oidc/callback
- --oidc-scopes={{ join "," .scopes }}
- --oidc-username-claim={{ .usernameClaim }}
- --oidc-groups-claim={{ .groupsClaim }}
{{- if .clientSecret.existingSecret }}
- --oidc-client-secret-file=/etc/fluxscope/oidc/{{ .clientSecret.key }}
{{- end }}
{{- if .autoLogin }}
- --oidc-auto-login
{{- end }}
{{- end }}{{ end }}
{{- if .Values.impersonation.enabled }}
- --impersonate
- --impersonate-groups={{ join "," .Values.impersonation.groups }}
{{- end }}
{{- if not (include "fluxscope.authConfigured" .) }}
{{- /* The pod listens on 0.0.0.0; without auth the server refuses that unless told. Exposure outside the
cluster without auth was already refused above (requireAuthToExpose) unless exposeWithoutAuth. */}}
- --allow-unauthenticated
{{- end }}
{{- include "fluxscope.fleetArgs" . }}
{{- range .Values.extraArgs }}
- {{ . | quote }}
{{- end }}
{{- end }}

{{/* agent / hub: the mode and NATS flags; file flags point into the mounted Secret. */}}
{{- define "fluxscope.fleetArgs" -}}
{{- if ne .Values.mode "server" }}
{{- $nats := .Values.fleet.nats }}
- --mode={{ .Values.mode }}
- --nats-url={{ required "fleet.nats.url is required with mode agent or hub" $nats.url }}
- --nats-prefix={{ $nats.prefix }}
{{- if eq .Values.mode "agent" }}
- --cluster-name={{ required "fleet.clusterName is required with mode agent" .Values.fleet.clusterName }}
- --fleet-heartbeat={{ .Values.fleet.heartbeatSeconds }}
{{- else }}
- --drill-timeout={{ .Values.fleet.drillTimeoutSeconds }}
{{- end }}
{{- with $nats.credsKey }}
- --nats-creds=/etc/fluxscope/nats/{{ . }}
{{- end }}
{{- with $nats.nkeyKey }}
- --nats-nkey=/etc/fluxscope/nats/{{ . }}
{{- end }}
{{- with $nats.tls.caKey }}
- --nats-tls-ca=/etc/fluxscope/nats/{{ . }}
{{- end }}
{{- with $nats.tls.certKey }}
- --nats-tls-cert=/etc/fluxscope/nats/{{ . }}
{{- end }}
{{- with $nats.tls.keyKey }}
- --nats-tls-key=/etc/fluxscope/nats/{{ . }}
{{- end }}
{{- end }}
{{- end }}

{{/* Checks of the fleet values that a schema cannot say. */}}
{{- define "fluxscope.requireFleetValues" -}}
{{- $nats := .Values.fleet.nats }}
{{- if and (ne .Values.mode "server") (or $nats.credsKey $nats.nkeyKey $nats.tls.caKey $nats.tls.certKey) (not $nats.secretName) }}
{{- fail "fleet.nats.secretName is required: credentials and TLS files are mounted from that Secret" }}
{{- end }}
{{- if and $nats.credsKey $nats.nkeyKey }}
{{- fail "fleet.nats.credsKey and fleet.nats.nkeyKey are two ways to sign in: set one" }}
{{- end }}
{{- if and (eq .Values.mode "agent") .Values.ingress.enabled }}
{{- fail "mode agent has no web app: ingress.enabled must be false" }}
{{- end }}
{{- if and (eq .Values.mode "hub") .Values.actions.enabled }}
{{- fail "mode hub holds no cluster credentials and cannot run actions: actions.enabled must be false" }}
{{- end }}
{{- end }}

{{/*
Read access: exactly the kinds in shared/src/kinds/registry.ts (FLUX_KINDS and WORKLOAD_KINDS) plus Events.
helm/tests/packaging.test.ts checks the two lists stay equal. Never Secrets, never wildcards.
*/}}
{{- define "fluxscope.fluxResources" -}}
source.toolkit.fluxcd.io: [gitrepositories, ocirepositories, helmrepositories, helmcharts, buckets, externalartifacts]
kustomize.toolkit.fluxcd.io: [kustomizations]
helm.toolkit.fluxcd.io: [helmreleases]
image.toolkit.fluxcd.io: [imagerepositories, imagepolicies, imageupdateautomations]
notification.toolkit.fluxcd.io: [alerts, providers, receivers]
infra.contrib.fluxcd.io: [terraforms]
{{- end }}

{{/* Namespaced ordinary kinds, by API group ("" is core). */}}
{{- define "fluxscope.workloadResources" -}}
"": [services, serviceaccounts, configmaps, persistentvolumeclaims, pods, events]
apps: [deployments, statefulsets, daemonsets, replicasets]
batch: [jobs, cronjobs]
events.k8s.io: [events]
{{- end }}

{{/* Cluster-scoped kinds: only a ClusterRole can grant them, so namespaces mode goes without. */}}
{{- define "fluxscope.clusterResources" -}}
"": [namespaces]
apiextensions.k8s.io: [customresourcedefinitions]
{{- end }}

{{/* Renders one rule per API group of a "group: [resources]" map. */}}
{{- define "fluxscope.rulesFor" -}}
{{- $verbs := .verbs }}
{{- $groups := fromYaml .resources }}
{{- range $group := keys $groups | sortAlpha }}
- apiGroups: [{{ $group | quote }}]
  resources: {{ toJson (get $groups $group) }}
  verbs: {{ toJson $verbs }}
{{- end }}
{{- end }}

{{/* Read rules; .clusterScoped adds the cluster-scoped kinds. */}}
{{- define "fluxscope.readRules" -}}
{{- $ctx := .ctx }}
{{- $read := list "get" "list" "watch" }}
{{- include "fluxscope.rulesFor" (dict "resources" (include "fluxscope.fluxResources" $ctx) "verbs" $read) }}
{{- include "fluxscope.rulesFor" (dict "resources" (include "fluxscope.workloadResources" $ctx) "verbs" $read) }}
{{- if .clusterScoped }}
{{- include "fluxscope.rulesFor" (dict "resources" (include "fluxscope.clusterResources" $ctx) "verbs" $read) }}
{{- end }}
{{- end }}

{{/*
Actions: reconcile (the reconcile.fluxcd.io/requestedAt annotation), suspend and resume (spec.suspend) are
merge patches on the kinds `flux reconcile|suspend|resume` accept. Not ExternalArtifact: no action applies
to it, and whoever may edit one can change what a Kustomization or HelmRelease consumes.
*/}}
{{- define "fluxscope.fluxActionResources" -}}
source.toolkit.fluxcd.io: [gitrepositories, ocirepositories, helmrepositories, helmcharts, buckets]
kustomize.toolkit.fluxcd.io: [kustomizations]
helm.toolkit.fluxcd.io: [helmreleases]
image.toolkit.fluxcd.io: [imagerepositories, imagepolicies, imageupdateautomations]
notification.toolkit.fluxcd.io: [alerts, providers, receivers]
infra.contrib.fluxcd.io: [terraforms]
{{- end }}

{{/* logs.enabled: the Logs tab reads pods/log (a read, `get` only; the Pods themselves are in the read rules). */}}
{{- define "fluxscope.logRules" -}}
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
{{- end }}

{{- define "fluxscope.actionRules" -}}
{{- include "fluxscope.rulesFor" (dict "resources" (include "fluxscope.fluxActionResources" .) "verbs" (list "patch")) }}
{{- end }}
