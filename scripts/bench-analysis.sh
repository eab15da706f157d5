#!/usr/bin/env bash
# Analysis benchmark (called by `make bench`).
#
# Prints, per fixture, our decode and analysis wall time (median of 5, one
# thread) beside librosa's, then a prime-length input, the peak RSS for a
# 10-minute stereo 44.1 kHz file and a callgrind instruction count.
#
#   FIXTURES_DIR=Tests/Fixtures scripts/bench-analysis.sh
#   BENCH_LIBROSA=1 ...   also install librosa 0.11.0 in a virtualenv under
#                         ${TMPDIR:-/tmp} and time it in this run (else the
#                         times recorded in manifest.json are used)
set -euo pipefail
cd "$(dirname "$0")/.."

FIXTURES_DIR="${FIXTURES_DIR:-Tests/Fixtures}"
AUDIO="$FIXTURES_DIR/audio"
WORK="${TMPDIR:-/tmp}/bench-analysis"
mkdir -p "$WORK"

scripts/build-release.sh bench-analysis >/dev/null
BENCH=.build/release/bench-analysis

TIMES_ARGS=()
if [[ "${BENCH_LIBROSA:-0}" == "1" ]]; then
    VENV="$WORK/librosa-venv"
    if [[ ! -x "$VENV/bin/python" ]]; then
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet librosa==0.11.0 soundfile
    fi
    "$VENV/bin/python" scripts/librosa-times.py "$AUDIO" "$WORK/librosa-times.json"
    TIMES_ARGS=(--librosa-times "$WORK/librosa-times.json")
fi

"$BENCH" --fixtures "$AUDIO" --runs 5 "${TIMES_ARGS[@]}"

echo
LONG="$WORK/long-10min-stereo-44k.wav"
[[ -f "$LONG" ]] || "$BENCH" --write-long "$LONG" 600
read -r _ samples _ rss_kb < <("$BENCH" --rss "$LONG")
buffer_mb=$(awk -v s="$samples" 'BEGIN { printf "%.1f", s * 4 / 1048576 }')
limit_mb=$(awk -v b="$buffer_mb" 'BEGIN { printf "%.1f", 3 * b + 30 }')
rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
verdict=$(awk -v r="$rss_mb" -v l="$limit_mb" 'BEGIN { print (r <= l) ? "within" : "OVER" }')
echo "peak RSS, 10 min stereo 44.1 kHz: ${rss_mb} MB (decoded buffer ${buffer_mb} MB; limit 3x + 30 = ${limit_mb} MB): ${verdict}"

echo
if command -v valgrind >/dev/null; then
    FIXED="$AUDIO/music_pop_84bpm_4-4.flac"
    count=$(valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" "$BENCH" --once "$FIXED" 2>&1 \
        | awk '/Collected/ { print $4 }')
    echo "callgrind: decode + analysis of $(basename "$FIXED"): ${count} instructions"
else
    echo "callgrind: valgrind not installed (apt-get install valgrind)"
fi
