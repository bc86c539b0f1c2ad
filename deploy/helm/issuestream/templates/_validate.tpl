{{/*
Checks that need more than one value, which values.schema.json cannot
express. Each failure names the values to change.
*/}}
{{- define "issuestream.validate" -}}
{{- $storage := .Values.storage }}
{{- if and $storage.embeddedClickhouse.enabled $storage.clickhouseUrl }}
{{- fail "storage.embeddedClickhouse.enabled is true but storage.clickhouseUrl is set: apps would use the server; set storage.clickhouseUrl to \"\" or turn embeddedClickhouse off" }}
{{- end }}
{{- range $name, $cfg := .Values.apps }}
{{- if $cfg.enabled }}
{{- $app := include "issuestream.appValues" (dict "root" $ "name" $name) | fromJson }}
{{- if and $app.clickhouse (not $storage.embeddedClickhouse.enabled) (not $storage.clickhouseUrl) (not $storage.existingSecret) }}
{{- fail (printf "apps.%s needs ClickHouse: set storage.clickhouseUrl (or CLICKHOUSE_URL in storage.existingSecret), or storage.embeddedClickhouse.enabled=true to try the chart out" $name) }}
{{- end }}
{{- if and $app.clickhouse $storage.embeddedClickhouse.enabled (or $app.autoscaling.enabled (gt (int64 $app.replicas) 1)) }}
{{- fail (printf "apps.%s: embedded ClickHouse keeps its data inside one pod, so the app runs one replica without autoscaling; set storage.clickhouseUrl to scale it" $name) }}
{{- end }}
{{- if and $app.autoscaling.enabled (gt (int64 $app.autoscaling.minReplicas) (int64 $app.autoscaling.maxReplicas)) }}
{{- fail (printf "apps.%s.autoscaling: minReplicas (%d) is above maxReplicas (%d)" $name (int64 $app.autoscaling.minReplicas) (int64 $app.autoscaling.maxReplicas)) }}
{{- end }}
{{- if and $app.pdb.enabled (hasKey $app.pdb "maxUnavailable") (hasKey $app.pdb "minAvailable") }}
{{- fail (printf "apps.%s.pdb: set maxUnavailable or minAvailable, not both" $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
