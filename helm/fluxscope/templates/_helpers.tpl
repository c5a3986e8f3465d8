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

{{/* "true" when users must authenticate: a bearer token Secret or a trusted proxy header. */}}
{{- define "fluxscope.authConfigured" -}}
{{- if or .Values.auth.token.existingSecret .Values.auth.proxy.header }}true{{ end }}
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
{{- with include "fluxscope.watchedNamespaces" . }}
- --namespaces={{ . }}
{{- end }}
{{- if .Values.actions.enabled }}
- --enable-actions
{{- end }}
{{- if not .Values.logs.enabled }}
- --disable-logs
{{- end }}
{{- if not (include "fluxscope.authConfigured" .) }}
{{- /* The pod listens on 0.0.0.0; without auth the server refuses that unless told. Exposure outside the
cluster without auth was already refused above (requireAuthToExpose) unless exposeWithoutAuth. */}}
- --allow-unauthenticated
{{- end }}
{{- range .Values.extraArgs }}
- {{ . | quote }}
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
