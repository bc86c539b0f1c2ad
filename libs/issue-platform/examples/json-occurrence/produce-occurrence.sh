#!/bin/sh
# A service without Node produces one occurrence in the reference JSON format
# straight to Kafka with Kafka's console producer; ingest-occurrences accepts
# it like the library's Avro records, for built-in and registered types alike.
#
# Settings (environment, local stack defaults):
#   PROJECT_ID               project the occurrence belongs to (1)
#   TYPE_ID                  group type id, built-in or registered (14001)
#   FINGERPRINT              groups occurrences into one issue (queue:emails)
#   TITLE                    issue title, JSON-escaped (Queue emails is backing up)
#   TOPIC                    ingest-occurrences
#   BOOTSTRAP                127.0.0.1:9092
#   KAFKA_CONSOLE_PRODUCER   the console producer to run (kafka-console-producer.sh on PATH;
#                            this repository's stack: deploy/local/bin/kafka-console-producer.sh)
set -eu
PROJECT_ID=${PROJECT_ID:-1}
TYPE_ID=${TYPE_ID:-14001}
FINGERPRINT=${FINGERPRINT:-queue:emails}
TITLE=${TITLE:-Queue emails is backing up}
TOPIC=${TOPIC:-ingest-occurrences}
BOOTSTRAP=${BOOTSTRAP:-127.0.0.1:9092}
producer=${KAFKA_CONSOLE_PRODUCER:-kafka-console-producer.sh}

hex32() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
occurrence_id=$(hex32)
event_id=$(hex32)
now=$(date -u +%s)
timestamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# One message per line: the key (first fingerprint, "-", project id, the same
# key the library uses, so one issue's messages stay in order on one
# partition), a tab, then the occurrence as one line of JSON.
printf '%s-%s\t%s\n' "$FINGERPRINT" "$PROJECT_ID" "$(cat <<JSON | tr -d '\n'
{"id": "$occurrence_id", "project_id": $PROJECT_ID, "fingerprint": ["$FINGERPRINT"],
 "issue_title": "$TITLE", "subtitle": "produced by the console producer", "type": $TYPE_ID,
 "detection_time": $now, "level": "warning", "culprit": "workers/email-sender", "resource_id": null,
 "evidence_data": {"queue": "emails", "depth": 12000},
 "evidence_display": [{"name": "Depth", "value": "12000", "important": true}],
 "event_id": "$event_id", "payload_type": "occurrence",
 "event": {"event_id": "$event_id", "project_id": $PROJECT_ID, "platform": "other", "level": "warning",
           "tags": {"queue": "emails"}, "timestamp": "$timestamp", "received": "$timestamp"}}
JSON
)" | "$producer" --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" \
  --property parse.key=true --property "key.separator=	"
echo "produced occurrence $occurrence_id (type $TYPE_ID, project $PROJECT_ID) to $TOPIC"
