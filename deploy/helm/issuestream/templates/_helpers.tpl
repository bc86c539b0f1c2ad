{{/* Chart name, overridable. */}}
{{- define "issuestream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the release name, with the chart name unless already in it. */}}
{{- define "issuestream.fullname" -}}
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

{{/* One app's resource name: <fullname>-<app>. Call with (dict "root" $ "name" $name). */}}
{{- define "issuestream.componentName" -}}
{{- printf "%s-%s" (include "issuestream.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "issuestream.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of everything the release creates. */}}
{{- define "issuestream.commonLabels" -}}
helm.sh/chart: {{ include "issuestream.chart" . }}
app.kubernetes.io/name: {{ include "issuestream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: issuestream
{{- end }}

{{/* Selector labels of one app. Call with (dict "root" $ "name" $name). */}}
{{- define "issuestream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "issuestream.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* All labels of one app's resources. Call with (dict "root" $ "name" $name). */}}
{{- define "issuestream.labels" -}}
{{ include "issuestream.commonLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/*
One app's settings as JSON: `defaults`, then every key the app sets replaces
the default's whole key. (A deep merge cannot turn a default `true` into
`false` or a default 1 into 0, so it is not used.)
Call with (dict "root" $ "name" $name); read with `| fromJson`.
*/}}
{{- define "issuestream.appValues" -}}
{{- $app := deepCopy .root.Values.defaults }}
{{- range $key, $value := index .root.Values.apps .name }}
{{- $_ := set $app $key $value }}
{{- end }}
{{- toJson $app }}
{{- end }}

{{/*
A value as an environment string. Helm reads every number in values as a
float, which `toString` would print as 4.194304e+06; whole numbers are
printed as integers.
*/}}
{{- define "issuestream.envString" -}}
{{- if or (kindIs "float64" .) (kindIs "float32" .) }}
{{- if eq (float64 .) (floor .) }}{{ int64 . }}{{ else }}{{ . }}{{ end }}
{{- else }}
{{- toString . }}
{{- end }}
{{- end }}

{{- define "issuestream.secretName" -}}
{{- default (include "issuestream.fullname" .) .Values.storage.existingSecret }}
{{- end }}

{{- define "issuestream.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "issuestream.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "issuestream.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Where embedded chDB keeps its data inside the pod. */}}
{{- define "issuestream.chdbPath" -}}
/var/lib/issuestream/clickhouse
{{- end }}

{{/* The consumer settings and the variables they become. */}}
{{- define "issuestream.consumerEnvNames" -}}
groupId: KAFKA_GROUP_ID
batchMaxMessages: KAFKA_BATCH_MAX_MESSAGES
batchMaxBytes: KAFKA_BATCH_MAX_BYTES
batchMaxWaitMs: KAFKA_BATCH_MAX_WAIT_MS
batchMinBytes: KAFKA_BATCH_MIN_BYTES
commitIntervalMs: KAFKA_COMMIT_INTERVAL_MS
partitionConcurrency: KAFKA_PARTITION_CONCURRENCY
keyConcurrency: KAFKA_KEY_CONCURRENCY
sessionTimeoutMs: KAFKA_SESSION_TIMEOUT_MS
dlqMaxConsecutive: KAFKA_DLQ_MAX_CONSECUTIVE
retryInitialMs: KAFKA_RETRY_INITIAL_MS
retryMaxMs: KAFKA_RETRY_MAX_MS
{{- end }}

{{/*
One app's non-secret environment, as a map, in order of precedence (later
wins): the shared connection settings, the app's port, its consumer settings,
the top-level `env`, then the app's own `env`.
Call with (dict "root" $ "name" $name); read with `| fromYaml`.
*/}}
{{- define "issuestream.appEnv" -}}
{{- $root := .root }}
{{- $app := include "issuestream.appValues" . | fromJson }}
{{- $env := dict }}
{{- $brokers := $root.Values.kafka.brokers }}
{{- if kindIs "slice" $brokers }}{{ $brokers = join "," $brokers }}{{ end }}
{{- $_ := set $env "KAFKA_BROKERS" $brokers }}
{{- $_ := set $env "KAFKA_CLIENT_ID" (printf "%s-%s" $root.Values.kafka.clientIdPrefix .name) }}
{{- $_ := set $env "KAFKA_TOPIC_PARTITIONS" $root.Values.kafka.topicPartitions }}
{{- $_ := set $env "KAFKA_TOPIC_REPLICATION" $root.Values.kafka.topicReplication }}
{{- $_ := set $env "SCHEMA_REGISTRY_URL" $root.Values.schemaRegistry.url }}
{{- if $app.clickhouse }}
{{- $_ := set $env "CLICKHOUSE_DATABASE" $root.Values.storage.clickhouseDatabase }}
{{- if $root.Values.storage.embeddedClickhouse.enabled }}
{{- $_ := set $env "CLICKHOUSE_PATH" (include "issuestream.chdbPath" $root) }}
{{- end }}
{{- end }}
{{- $_ := set $env "HTTP_HOST" "0.0.0.0" }}
{{- $_ := set $env $app.portEnv $app.port }}
{{- $consumer := $app.consumer | default dict }}
{{- if $consumer.topicEnv }}{{ $_ := set $env $consumer.topicEnv $consumer.topic }}{{ end }}
{{- range $key, $var := include "issuestream.consumerEnvNames" $root | fromYaml }}
{{- if hasKey $consumer $key }}{{ $_ := set $env $var (index $consumer $key) }}{{ end }}
{{- end }}
{{- $outcomes := index $root.Values.apps "ingest-outcomes" | default dict }}
{{- if and (eq .name "api") $outcomes.enabled }}
{{- $outcomesApp := include "issuestream.appValues" (dict "root" $root "name" "ingest-outcomes") | fromJson }}
{{- $_ := set $env "OUTCOMES_STATS_URL" (printf "http://%s:%d" (include "issuestream.componentName" (dict "root" $root "name" "ingest-outcomes")) (int64 $outcomesApp.service.port)) }}
{{- end }}
{{- $occurrences := index $root.Values.apps "ingest-occurrences" | default dict }}
{{- if and (eq .name "api") $occurrences.enabled }}
{{- $occurrencesApp := include "issuestream.appValues" (dict "root" $root "name" "ingest-occurrences") | fromJson }}
{{- $_ := set $env "ISSUE_STREAM_URL" (printf "http://%s:%d" (include "issuestream.componentName" (dict "root" $root "name" "ingest-occurrences")) (int64 $occurrencesApp.service.port)) }}
{{- end }}
{{- include "issuestream.tracingEnv" (dict "root" $root "name" .name "env" $env) }}
{{- range $key, $value := $root.Values.env }}{{ $_ := set $env $key $value }}{{ end }}
{{- range $key, $value := $app.env }}{{ $_ := set $env $key $value }}{{ end }}
{{- range $key, $value := $env }}
{{ $key }}: {{ include "issuestream.envString" $value | quote }}
{{- end }}
{{- end }}

{{/*
Adds one app's OpenTelemetry variables to .env: its service name always, the
exporter, sampler and resource attributes when an OTLP endpoint is set.
Call with (dict "root" $ "name" $name "env" $env).
*/}}
{{- define "issuestream.tracingEnv" -}}
{{- $tracing := .root.Values.tracing }}
{{- $_ := set .env "OTEL_SERVICE_NAME" (printf "%s%s" $tracing.serviceNamePrefix .name) }}
{{- if $tracing.otlpEndpoint }}
{{- $_ := set .env "OTEL_EXPORTER_OTLP_ENDPOINT" $tracing.otlpEndpoint }}
{{- $_ := set .env "OTEL_TRACES_SAMPLER" $tracing.sampler }}
{{- if $tracing.samplerArg }}{{ $_ := set .env "OTEL_TRACES_SAMPLER_ARG" $tracing.samplerArg }}{{ end }}
{{- $attributes := list (printf "service.namespace=%s" .root.Release.Namespace) }}
{{- range $key, $value := $tracing.resourceAttributes }}{{ $attributes = append $attributes (printf "%s=%s" $key $value) }}{{ end }}
{{- $_ := set .env "OTEL_RESOURCE_ATTRIBUTES" (join "," $attributes) }}
{{- end }}
{{- end }}

{{/* The chart-created Secret's data (also hashed into each pod's annotations). */}}
{{- define "issuestream.secretData" -}}
DATABASE_URL: {{ .Values.storage.databaseUrl | b64enc | quote }}
REDIS_URL: {{ .Values.storage.redisUrl | b64enc | quote }}
{{- with .Values.storage.clickhouseUrl }}
CLICKHOUSE_URL: {{ . | b64enc | quote }}
{{- end }}
{{- end }}
