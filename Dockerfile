# syntax=docker/dockerfile:1
# Images of a Walrus Stream deployment (see docker-compose.yml and the README section "Docker Compose"):
#   target walrus-stream  the launcher (walrus-stream chain / node / ingest / job submit / read ...) and the job jar
#   target flink          Flink 2.2 with a checkpoint directory the flink user owns, for the JobManager and TaskManagers
# Untested here (no Docker engine on the machine this was written on); every image option was taken from the images' docs.

ARG JAVA_IMAGE=eclipse-temurin:17-jre
ARG FLINK_IMAGE=flink:2.2.1-java17

# ---- build: the launcher (app/target) and the shaded job jar (job-dist/target), with Maven ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl app,job-dist -am package

# ---- the launcher, laid out as in the repository so the ./walrus-stream script runs unchanged ----
FROM ${JAVA_IMAGE} AS walrus-stream
# curl for the health checks of docker-compose.yml
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/walrus-stream
COPY --from=build /src/walrus-stream ./walrus-stream
COPY --from=build /src/app/target/walrus-stream.jar ./app/target/walrus-stream.jar
COPY --from=build /src/app/target/lib ./app/target/lib
COPY --from=build /src/app/src/main/resources/log4j2.properties ./app/src/main/resources/log4j2.properties
COPY --from=build /src/job-dist/target/walrus-stream-job.jar ./job-dist/target/walrus-stream-job.jar
# containers get a heap of their own size; the launcher's default (4 GiB) is for a workstation
ENV PATH="/opt/walrus-stream:${PATH}" \
    WALRUS_STREAM_JAVA_OPTS="-Xmx512m -XX:+UseParallelGC" \
    WALRUS_STREAM_JOB_JAR=/opt/walrus-stream/job-dist/target/walrus-stream-job.jar
ENTRYPOINT ["/opt/walrus-stream/walrus-stream"]
CMD ["--help"]

# ---- Flink for the JobManager and TaskManagers: checkpoints on a volume the flink user can write ----
FROM ${FLINK_IMAGE} AS flink
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /checkpoints && chown flink:flink /checkpoints
USER flink
