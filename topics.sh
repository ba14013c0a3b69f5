#!/usr/bin/env bash
# Creates seqgate's topics, or leaves those that exist as they are, so it can run on every start.
#   ./topics.sh [--bootstrap-server HOST:PORT] [--partitions N] [--replication-factor N] [--command-config FILE]
# Needs Kafka's kafka-topics.sh: on PATH, under $KAFKA_HOME/bin, or in /opt/kafka/bin (the apache/kafka image).
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: topics.sh [options]
  --bootstrap-server HOST:PORT  Kafka to talk to (default: $SEQGATE_BOOTSTRAP_SERVERS, else localhost:9092)
  --partitions N                partitions of s3-events, the ceiling for processors x stream threads (default 6);
                                s3-events-outcomes and s3-events-dlq get the same
  --replication-factor N        replicas of every topic (default 1; 3 on a production cluster, which also
                                gets min.insync.replicas=2)
  --command-config FILE         client settings for a secured cluster, passed to kafka-topics.sh
  -h, --help                    this text
Creates s3-events (input, 7 days), s3-events-outcomes (7 days) and s3-events-dlq (30 days, time to look).
An existing topic is left as it is: its partition count is never changed, because that would move
keys to other partitions and split an object's history between two tasks.
USAGE
}

bootstrap="${SEQGATE_BOOTSTRAP_SERVERS:-localhost:9092}"
partitions=6
replication=1
command_config=()

need_value() {
  if [ $# -lt 2 ] || [ -z "$2" ]; then
    echo "topics.sh: $1 needs a value" >&2
    exit 2
  fi
}

while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) need_value "$@"; bootstrap="$2"; shift 2 ;;
    --partitions) need_value "$@"; partitions="$2"; shift 2 ;;
    --replication-factor) need_value "$@"; replication="$2"; shift 2 ;;
    --command-config) need_value "$@"; command_config=(--command-config "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "topics.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

for setting in "partitions:$partitions" "replication-factor:$replication"; do
  if ! [[ "${setting#*:}" =~ ^[1-9][0-9]*$ ]]; then
    echo "topics.sh: --${setting%%:*} must be a whole number of at least 1, got '${setting#*:}'" >&2
    exit 2
  fi
done

if command -v kafka-topics.sh >/dev/null 2>&1; then
  kafka_topics="$(command -v kafka-topics.sh)"
elif [ -n "${KAFKA_HOME:-}" ] && [ -x "$KAFKA_HOME/bin/kafka-topics.sh" ]; then
  kafka_topics="$KAFKA_HOME/bin/kafka-topics.sh"
elif [ -x /opt/kafka/bin/kafka-topics.sh ]; then
  kafka_topics=/opt/kafka/bin/kafka-topics.sh
else
  echo "topics.sh: kafka-topics.sh not found on PATH, in \$KAFKA_HOME/bin or in /opt/kafka/bin" >&2
  exit 1
fi

kafka_topics() {
  "$kafka_topics" --bootstrap-server "$bootstrap" "${command_config[@]}" "$@"
}

durability=()
if [ "$replication" -ge 3 ]; then
  # With three replicas, an acknowledged write survives the loss of one broker.
  durability=(--config min.insync.replicas=2)
fi

# create NAME RETENTION_MS
create() {
  kafka_topics --create --if-not-exists --topic "$1" --partitions "$partitions" \
    --replication-factor "$replication" --config "retention.ms=$2" --config cleanup.policy=delete "${durability[@]}"
}

day_ms=86400000
create s3-events $((7 * day_ms))
create s3-events-outcomes $((7 * day_ms))
create s3-events-dlq $((30 * day_ms))

# One describe for all three (--topic takes a regular expression there): each JVM start costs seconds.
described="$(kafka_topics --describe --topic '^s3-events(-outcomes|-dlq)?$')"
for topic in s3-events s3-events-outcomes s3-events-dlq; do
  actual="$(sed -n "s/^Topic: ${topic}[[:space:]].*PartitionCount: *\([0-9]*\).*/\1/p" <<<"$described")"
  if [ -z "$actual" ]; then
    echo "topics.sh: $topic is missing after creating it" >&2
    exit 1
  fi
  if [ "$actual" != "$partitions" ]; then
    echo "topics.sh: $topic exists with $actual partitions, not $partitions; left as it is" >&2
  fi
  echo "topics.sh: $topic ready, $actual partitions"
done
