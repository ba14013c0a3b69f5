# syntax=docker/dockerfile:1
# seqgate images, built from this repository with the Maven wrapper:
#   processor (default target): the stream processor, `docker build -t seqgate/processor .`
#   connect:                    apache/kafka with the seqgate SQS source connector on its plugin path
# docker-compose.yml builds both.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The Maven repository is a build cache, not a layer. Tests run in CI (./mvnw verify), not here.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl processor,connector -am -Dmaven.test.skip=true \
        package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
    && cp processor/target/seqgate-processor-*.jar processor/target/lib/

FROM apache/kafka:4.4.0 AS connect
COPY --from=build /src/connector/target/plugin/ /opt/seqgate/connect-plugins/

FROM eclipse-temurin:17-jre AS processor
RUN groupadd --system seqgate \
    && useradd --system --gid seqgate --home-dir /var/lib/seqgate --shell /usr/sbin/nologin seqgate \
    && mkdir -p /var/lib/seqgate && chown seqgate:seqgate /var/lib/seqgate
COPY --from=build /src/processor/target/lib/ /opt/seqgate/lib/
COPY docker/processor-entrypoint.sh /opt/seqgate/entrypoint.sh
# Kafka Streams' RocksDB state. Each container gets its own volume; losing it costs only a restore from
# the changelog topic, which is the source of truth.
ENV SEQGATE_STATE_DIR=/var/lib/seqgate \
    SEQGATE_HTTP_PORT=8080
VOLUME ["/var/lib/seqgate"]
USER seqgate
EXPOSE 8080
# The entrypoint sizes the heap at 75% of the container's memory limit; set JAVA_OPTS to change it
# (docs/sizing.md).
# Ready only while Kafka Streams is RUNNING (docs/operations.md, "Inspect state"); curl comes with the base image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${SEQGATE_HTTP_PORT}/health/ready" >/dev/null || exit 1
ENTRYPOINT ["/opt/seqgate/entrypoint.sh"]
CMD ["run"]
