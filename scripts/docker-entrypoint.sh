#!/bin/sh
# Railway mounts volumes owned by root: when started as root, give the media
# volume (and a SQLite file's folder) to the unprivileged user, then drop
# privileges so the server never runs as root. `exec` keeps it PID 1 for SIGTERM.
set -eu
if [ "$(id -u)" = "0" ]; then
  media="${MEDIA_ROOT:-${RAILWAY_VOLUME_MOUNT_PATH:-/data/uploads}}"
  mkdir -p "$media"
  chown -R app:app "$media"
  case "${DATABASE_URL:-}" in
    sqlite:////*) db_dir=$(dirname "/${DATABASE_URL#sqlite:////}"); mkdir -p "$db_dir"; chown app:app "$db_dir" ;;
  esac
  exec setpriv --reuid=app --regid=app --init-groups "$@"
fi
exec "$@"
