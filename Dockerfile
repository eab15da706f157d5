# Build: the release binary, Swift runtime linked statically (scripts/build-release.sh).
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      pkg-config libsndfile1-dev libfftw3-dev libsoxr-dev libebur128-dev libpq-dev libsqlite3-dev libssl-dev zlib1g-dev \
      libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
# The manifest declares the test targets too, and SwiftPM checks every target's folder exists.
COPY Sources ./Sources
COPY Tests ./Tests
COPY scripts/build-release.sh ./scripts/
RUN scripts/build-release.sh audio-server \
 && install -D .build/release/audio-server /out/audio-server

# Run: only the shared libraries the binary needs (scripts/check-runtime-libs.sh keeps this list honest).
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libsndfile1 libfftw3-single3 libfftw3-double3 libsoxr0 libebur128-1 libpq5 libsqlite3-0 libssl3 zlib1g libcurl4 \
      ca-certificates tzdata curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /data/uploads && chown -R app:app /data
WORKDIR /app
COPY --from=build /out/audio-server /usr/local/bin/audio-server
COPY Public ./Public
COPY scripts/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PORT=8000 \
    HOST=0.0.0.0 \
    PUBLIC_DIR=/app/Public \
    MEDIA_ROOT=/data/uploads \
    DATABASE_URL=sqlite:////data/db.sqlite3
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/health/" > /dev/null || exit 1
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["audio-server", "serve"]
