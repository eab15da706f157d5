#!/usr/bin/env bash
# Docker cannot run here, so check the image's build stage on paper: SwiftPM
# refuses to build when any target's folder is missing, so every target path
# in Package.swift must lie under something the build stage COPYs, and every
# file that stage copies must exist.
set -euo pipefail
cd "$(dirname "$0")/.."

# Sources of the COPY lines between `FROM swift…` and the next FROM (the build stage).
copied=$(awk '/^FROM /{on = ($2 ~ /^swift/)} on && /^COPY / && !/--from/{for (i = 2; i < NF; i++) print $i}' Dockerfile)
targets=$(swift package describe --type json | python3 -c 'import json, sys; print("\n".join(t["path"] for t in json.load(sys.stdin)["targets"]))')

status=0
for source in $copied; do
  [[ -e "$source" ]] || { echo "Dockerfile copies $source, which does not exist" >&2; status=1; }
done
for path in $targets; do
  covered=no
  for source in $copied; do
    source="${source%/}"
    [[ "$path" == "$source" || "$path" == "$source/"* ]] && covered=yes
  done
  [[ $covered == yes ]] || { echo "target folder $path is not copied into the Docker build stage" >&2; status=1; }
done
[[ $status == 0 ]] && echo "Docker build stage: every target folder is copied"
exit $status
