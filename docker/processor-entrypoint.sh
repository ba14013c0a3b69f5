#!/bin/sh
# Starts the seqgate CLI (default command: run). Other replicas forward state queries to the address a
# replica advertises (Kafka Streams' application.server); in a container that is its hostname, the
# container id, which Docker's DNS resolves on the compose network, plus the HTTP port. An explicit
# SEQGATE_APPLICATION_SERVER wins.
# The heap is three quarters of the container's memory (the JVM's default is a quarter): the sink's memory
# budget is a share of it (docs/sizing.md). JAVA_OPTS comes later, so its -Xmx or MaxRAMPercentage wins.
set -eu
: "${SEQGATE_APPLICATION_SERVER:=$(hostname):${SEQGATE_HTTP_PORT:-8080}}"
export SEQGATE_APPLICATION_SERVER
# shellcheck disable=SC2086 # JAVA_OPTS holds several options on purpose
exec java -XX:MaxRAMPercentage=75 ${JAVA_OPTS:-} -cp '/opt/seqgate/lib/*' io.seqgate.cli.Main "$@"
