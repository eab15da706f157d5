#!/usr/bin/env bash
# Docker cannot run here, so check the runtime image on paper: every shared
# library the release binary loads (outside the Swift toolchain, which the
# image links statically) must come from a Debian package that the
# Dockerfile's runtime stage installs or that debian:bookworm-slim ships.
#
#   usage: scripts/check-runtime-libs.sh [BINARY]   (default: the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-$(swift build -c release --show-bin-path)/audio-server}"
[[ -x "$binary" ]] || { echo "no binary at $binary (run: swift build -c release)" >&2; exit 2; }
toolchain="$(dirname "$(dirname "$(command -v swift)")")"

# Packages in the runtime stage's apt-get install line(s).
runtime=$(awk '/^FROM debian:bookworm-slim/{on=1} on' Dockerfile | tr ' \\' '\n\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' || true)
# What debian:bookworm-slim has before any install (essential packages and apt's dependencies).
base="libc6 libgcc-s1 libstdc++6 zlib1g libzstd1 liblzma5 libbz2-1.0 libcrypt1 libsystemd0 libgcrypt20 libgpg-error0 liblz4-1 libcap2 libselinux1 libpcre2-8-0 libacl1 libattr1 libaudit1 libudev1 libtinfo6 libseccomp2 libgnutls30 libidn2-0 libunistring2 libtasn1-6 libnettle8 libhogweed6 libgmp10 libp11-kit0 libffi8 libxxhash0 libdb5.3 libsemanage2 libsepol2 libpam0g libmd0 debconf"

# What apt installs with them: the runtime packages' dependencies, recursively
# (read from dpkg's database of installed packages; no package lists needed).
closure() {
  local queue=("$@") seen=" " pkg deps
  while ((${#queue[@]})); do
    pkg="${queue[0]}"; queue=("${queue[@]:1}")
    [[ "$seen" == *" $pkg "* ]] && continue
    seen+="$pkg "
    deps="$(dpkg-query -W -f='${Depends},${Pre-Depends}' "$pkg" 2>/dev/null || true)"
    # "a (>= 1), b | c, d:any" -> a b c d
    for dep in $(tr ',|' '\n\n' <<<"$deps" | sed -e 's/(.*)//' -e 's/:any//' -e 's/^ *//' -e 's/ *$//' | grep -v '^$'); do
      queue+=("$dep")
    done
  done
  tr ' ' '\n' <<<"$seen" | grep -v '^$'
}
provided="$(closure $runtime)"

missing=0
while read -r lib path; do
  [[ -n "$path" && "$path" != "not" ]] || { echo "unresolved: $lib"; missing=1; continue; }
  real="$(readlink -f "$path")"
  [[ "$real" == "$toolchain"/* ]] && continue   # Swift runtime: linked statically in the image
  pkg="$(dpkg -S "$real" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  [[ -n "$pkg" ]] || pkg="$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  if [[ -z "$pkg" ]]; then echo "no package owns $path"; missing=1; continue; fi
  if grep -qx -- "$pkg" <<<"$provided" || grep -qw -- "$pkg" <<<"$base"; then
    printf '  ok  %-28s %s\n' "$pkg" "$lib"
  else
    printf 'MISSING %-24s %s (add it to the runtime stage)\n' "$pkg" "$lib"; missing=1
  fi
done < <(ldd "$binary" | awk '/=>/{print $1, $3} !/=>/{print $1, ""}' | grep -v -e linux-vdso -e ld-linux)
[[ $missing -eq 0 ]] && echo "runtime libraries: all provided by the image" || { echo "runtime libraries: missing packages" >&2; exit 1; }
