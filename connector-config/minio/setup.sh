#!/bin/sh
# Buckets and the notification subscription seqgate needs on a MinIO server whose Kafka target is set
# (minio.env). Safe to run again. docker-compose.yml runs it in the mc image as the minio-init job;
# elsewhere: MINIO_URL=http://your-minio:9000 MINIO_ROOT_USER=... MINIO_ROOT_PASSWORD=... sh setup.sh
set -eu

url="${MINIO_URL:-http://localhost:9000}"
target="arn:minio:sqs::PRIMARY:kafka"

mc alias set seqgate "$url" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing seqgate/input
mc mb --ignore-existing seqgate/output
# With versioning every event names the version it is about, and seqgate reads exactly that version.
mc version enable seqgate/input
# put,delete only: mc's default also subscribes get, which would turn seqgate's own reads of the input
# into events. Added once: a second identical subscription is refused.
if ! mc event ls seqgate/input "$target" | grep -q "$target"; then
  mc event add seqgate/input "$target" --event put,delete
fi
mc event ls seqgate/input
