{{/* Names, labels and the pieces every workload template shares. */}}

{{- define "observatory.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "observatory.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "observatory.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "observatory.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's objects: "<fullname>-<component>". Call with (list $ "silo"). */}}
{{- define "observatory.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "observatory.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "observatory.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels of one component. Call with (list $ "silo"). */}}
{{- define "observatory.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "observatory.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* All recommended labels of one component. Call with (list $ "silo"). */}}
{{- define "observatory.labels" -}}
{{- $root := index . 0 -}}
helm.sh/chart: {{ include "observatory.chart" $root }}
{{ include "observatory.selectorLabels" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: observatory
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
{{- end -}}

{{- define "observatory.clusterId" -}}
{{- default .Release.Name .Values.clusterId -}}
{{- end -}}

{{- define "observatory.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "observatory.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* An app image: repository:tag, the tag defaulting to the chart's appVersion. Call with (list $ .Values.silo.image). */}}
{{- define "observatory.image" -}}
{{- $root := index . 0 -}}
{{- $image := index . 1 -}}
{{- printf "%s:%s" $image.repository (default $root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/*
A password for a backing service's generated Secret: the one already in the cluster (so an
upgrade keeps it, and with it the data on the volume), else a new random one. Call with
(list $ "<secret name>" "<key>").
*/}}
{{- define "observatory.password" -}}
{{- $root := index . 0 -}}
{{- $existing := lookup "v1" "Secret" $root.Release.Namespace (index . 1) -}}
{{- if and $existing $existing.data (hasKey $existing.data (index . 2)) -}}
{{- index $existing.data (index . 2) | b64dec -}}
{{- else -}}
{{- randAlphaNum 32 -}}
{{- end -}}
{{- end -}}

{{/*
The Secret and key that hold a component's password: <component>.existingSecret and
existingSecretKey, else the generated Secret "<fullname>-<component>" with the key "password" (or
the third argument). Call with (list $ "postgresql") or (list $ "alerts" "webhookToken").
*/}}
{{- define "observatory.passwordSecret" -}}
{{- $root := index . 0 -}}
{{- $values := index $root.Values (index . 1) -}}
{{- if $values.existingSecret -}}
name: {{ $values.existingSecret }}
key: {{ $values.existingSecretKey }}
{{- else -}}
name: {{ include "observatory.componentName" (list $root (index . 1)) }}
key: {{ if gt (len .) 2 }}{{ index . 2 }}{{ else }}password{{ end }}
{{- end -}}
{{- end -}}

{{/*
Connection settings of an app component: PostgreSQL and RabbitMQ for all, Redis and the event
archive for the components that use them (observatory.clients). A password comes from a Secret
into a variable that the connection string references ($(VAR) is expanded by the kubelet), so no
manifest holds it. Call with (list $ "silo").
*/}}
{{- define "observatory.connectionEnv" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $values := $root.Values -}}
{{- if $values.postgresql.enabled }}
- name: OBSERVATORY_POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- include "observatory.passwordSecret" (list $root "postgresql") | nindent 6 }}
- name: Observatory__Postgres__ConnectionString
  value: {{ printf "Host=%s;Port=5432;Database=%s;Username=%s;Password=$(OBSERVATORY_POSTGRES_PASSWORD);%s" (include "observatory.componentName" (list $root "postgresql")) $values.postgresql.database $values.postgresql.username $values.postgresql.connectionOptions | quote }}
{{- else }}
- name: Observatory__Postgres__ConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ required "externalPostgresql.existingSecret is required when postgresql.enabled is false" $values.externalPostgresql.existingSecret }}
      key: {{ $values.externalPostgresql.connectionStringKey }}
{{- end }}
{{- if $values.rabbitmq.enabled }}
- name: OBSERVATORY_RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- include "observatory.passwordSecret" (list $root "rabbitmq") | nindent 6 }}
- name: Observatory__RabbitMq__Uri
  value: {{ printf "amqp://%s:$(OBSERVATORY_RABBITMQ_PASSWORD)@%s:5672/" $values.rabbitmq.username (include "observatory.componentName" (list $root "rabbitmq")) | quote }}
{{- else }}
- name: Observatory__RabbitMq__Uri
  valueFrom:
    secretKeyRef:
      name: {{ required "externalRabbitmq.existingSecret is required when rabbitmq.enabled is false" $values.externalRabbitmq.existingSecret }}
      key: {{ $values.externalRabbitmq.uriKey }}
{{- end }}
{{- if has $component (include "observatory.clients" (list $root "redis") | fromJsonArray) }}
{{- if $values.redis.enabled }}
- name: OBSERVATORY_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- include "observatory.passwordSecret" (list $root "redis") | nindent 6 }}
- name: Observatory__Redis__ConnectionString
  value: {{ printf "%s:6379,password=$(OBSERVATORY_REDIS_PASSWORD)" (include "observatory.componentName" (list $root "redis")) | quote }}
{{- else }}
- name: Observatory__Redis__ConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ required "externalRedis.existingSecret is required when redis.enabled is false" $values.externalRedis.existingSecret }}
      key: {{ $values.externalRedis.connectionStringKey }}
{{- end }}
{{- end }}
{{- if has $component (include "observatory.clients" (list $root "archive") | fromJsonArray) }}
{{- $backend := include "observatory.archiveBackend" $root }}
- name: Observatory__Archive__Backend
  value: {{ $backend | quote }}
{{- if and (eq $backend "mongo") $values.mongodb.enabled }}
- name: OBSERVATORY_MONGODB_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- include "observatory.passwordSecret" (list $root "mongodb") | nindent 6 }}
- name: Observatory__Archive__Mongo__ConnectionString
  value: {{ printf "mongodb://%s:$(OBSERVATORY_MONGODB_PASSWORD)@%s:27017/?authSource=admin" $values.mongodb.username (include "observatory.componentName" (list $root "mongodb")) | quote }}
{{- else if eq $backend "mongo" }}
- name: Observatory__Archive__Mongo__ConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ required "externalMongodb.existingSecret is required for the mongo archive when mongodb.enabled is false" $values.externalMongodb.existingSecret }}
      key: {{ $values.externalMongodb.connectionStringKey }}
{{- end }}
{{- with $values.archive.retention }}
- name: Observatory__Archive__Retention
  value: {{ . | quote }}
{{- end }}
{{- end }}
- name: Observatory__ServiceId
  value: {{ $values.serviceId | quote }}
- name: Observatory__ClusterId
  value: {{ include "observatory.clusterId" $root | quote }}
{{- end -}}

{{/* The event archive's backend: archive.backend, else mongo when the in-chart MongoDB is on, else postgres. */}}
{{- define "observatory.archiveBackend" -}}
{{- .Values.archive.backend | default (ternary "mongo" "postgres" .Values.mongodb.enabled) -}}
{{- end -}}

{{/* HTTP probes of an app container. Call with (list <probes values> <port name>). */}}
{{- define "observatory.appProbes" -}}
{{- $probes := index . 0 -}}
{{- $port := index . 1 -}}
startupProbe:
  httpGet:
    path: /healthz
    port: {{ $port }}
  periodSeconds: {{ $probes.startup.periodSeconds }}
  failureThreshold: {{ $probes.startup.failureThreshold }}
  timeoutSeconds: 3
readinessProbe:
  httpGet:
    path: /readyz
    port: {{ $port }}
  periodSeconds: {{ $probes.readiness.periodSeconds }}
  failureThreshold: {{ $probes.readiness.failureThreshold }}
  timeoutSeconds: 5
livenessProbe:
  httpGet:
    path: /healthz
    port: {{ $port }}
  periodSeconds: {{ $probes.liveness.periodSeconds }}
  failureThreshold: {{ $probes.liveness.failureThreshold }}
  timeoutSeconds: 3
{{- end -}}

{{/* The only writable path of an app container: /tmp, in memory. */}}
{{- define "observatory.tmpVolume" -}}
- name: tmp
  emptyDir:
    medium: Memory
    sizeLimit: 64Mi
{{- end -}}

{{/* Pod-level settings of a backing service StatefulSet: its image's own user. Call with (list <uid> <gid>). */}}
{{- define "observatory.servicePodSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ index . 0 }}
runAsGroup: {{ index . 1 }}
fsGroup: {{ index . 1 }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* A backing service's data volume. Call with (list <persistence values> <name>). */}}
{{- define "observatory.volumeClaim" -}}
{{- $persistence := index . 0 -}}
- metadata:
    name: {{ index . 1 }}
  spec:
    accessModes: ["ReadWriteOnce"]
    {{- with $persistence.storageClass }}
    storageClassName: {{ . | quote }}
    {{- end }}
    resources:
      requests:
        storage: {{ $persistence.size }}
{{- end -}}

{{/* The client port of a backing service. */}}
{{- define "observatory.servicePort" -}}
{{- get (dict "postgresql" "5432" "rabbitmq" "5672" "redis" "6379" "mongodb" "27017") . -}}
{{- end -}}

{{/*
Which app components connect to each backing service: the NetworkPolicies open exactly these
flows and observatory.connectionEnv gives exactly these components the settings. "archive" is the
event archive (the silo writes it, the gateway reads it); MongoDB is used only as its backend.
The dashboard keeps its sign-in key ring in Redis. Call with (list $ "redis").
*/}}
{{- define "observatory.clients" -}}
{{- $root := index . 0 -}}
{{- $apps := list "silo" "gateway" "dashboard" -}}
{{- $archive := list "silo" "gateway" -}}
{{- $mongodb := ternary $archive (list) (eq (include "observatory.archiveBackend" $root) "mongo") -}}
{{- $clients := dict "postgresql" $apps "rabbitmq" $apps "redis" $apps "archive" $archive "mongodb" $mongodb -}}
{{- get $clients (index . 1) | toJson -}}
{{- end -}}

{{/* Egress rules from an app component to the enabled in-chart backing services it uses. Call with (list $ "silo"). */}}
{{- define "observatory.backingEgress" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- range $service := list "postgresql" "rabbitmq" "redis" "mongodb" }}
{{- if and (index $root.Values $service).enabled (has $component (include "observatory.clients" (list $root $service) | fromJsonArray)) }}
- to:
    - podSelector:
        matchLabels:
          {{- include "observatory.selectorLabels" (list $root $service) | nindent 10 }}
  ports:
    - port: {{ include "observatory.servicePort" $service }}
      protocol: TCP
{{- end }}
{{- end }}
{{- end -}}

{{/*
Stops the render when an optional kind's CRD is not served by the cluster (with helm template:
pass --api-versions). Call with (list $ "<group/version/Kind>" "<the value that asked for it>").
*/}}
{{- define "observatory.requireApi" -}}
{{- $root := index . 0 -}}
{{- $api := index . 1 -}}
{{- if not ($root.Capabilities.APIVersions.Has $api) -}}
{{- fail (printf "%s needs the Prometheus Operator's CRDs: the cluster does not serve %s (with helm template, pass --api-versions %s)" (index . 2) $api $api) -}}
{{- end -}}
{{- end -}}
