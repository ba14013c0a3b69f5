#!/bin/sh
# Starts the seqgate CLI (default command: run). Other replicas forward state queries to the address a
# replica advertises (Kafka Streams' application.server); in a container that is its hostname, the
# container id, which Docker's DNS resolves on the compose network, plus the HTTP port. An explicit
# SEQGATE_APPLICATION_SERVER wins.
set -eu
: "${SEQGATE_APPLICATION_SERVER:=$(hostname):${SEQGATE_HTTP_PORT:-8080}}"
export SEQGATE_APPLICATION_SERVER
# shellcheck disable=SC2086 # JAVA_OPTS holds several options on purpose
exec java ${JAVA_OPTS:-} -cp '/opt/seqgate/lib/*' io.seqgate.cli.Main "$@"
