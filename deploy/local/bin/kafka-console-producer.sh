#!/bin/sh
# Kafka's console producer (org.apache.kafka.tools.ConsoleProducer) at the
# local stack's Kafka version: reads lines from stdin and produces each as one
# message. Arguments are Kafka's own, e.g.
#   deploy/local/bin/kafka-console-producer.sh --bootstrap-server 127.0.0.1:9092 --topic ingest-occurrences
# The stack fetches the broker's jars only; the first run fetches the tools'
# jars too (Maven, into the stack's Maven cache) and keeps them in
# $STACK_DIR/lib/kafka-tools-<version>/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
stack=${STACK_DIR:-.stack}
case $stack in /*) ;; *) stack="$repo/$stack" ;; esac
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/../pom.xml")
lib="$stack/lib/kafka-tools-$version"

if [ ! -f "$lib/.installed" ]; then
  echo "kafka-console-producer: fetching Kafka $version tools from Maven Central (first run only)..." >&2
  rm -rf "$lib.partial"
  mvn -B -q -Dstyle.color=never "-Dmaven.repo.local=$stack/m2" -f "$here/../kafka-tools.pom.xml" \
    "-Dkafka.version=$version" "-Dstack.kafka.tools.lib=$lib.partial" \
    dependency:copy-dependencies@tools-jars >&2
  rm -rf "$lib"
  mv "$lib.partial" "$lib"
  echo "$version" > "$lib/.installed"
fi

exec java -cp "$lib/*" org.apache.kafka.tools.ConsoleProducer "$@"
