#!/usr/bin/env bash
# Fetches PostgreSQL's own regression SQL (src/test/regress/sql of Debian bookworm's postgresql-15
# source package) into test/robustness/.cache/pg-regress-sql/, for the robustness suite.
# Not committed: it is PostgreSQL's code (4 MB). Idempotent; needs root (or sudo -n) only to add
# the deb-src entry and refresh apt's source index.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/.cache/pg-regress-sql"
if [ -f "$dest/.complete" ]; then exit 0; fi

# bookworm only: the security archive's pool is not served by every mirror (404 here), and the
# regression SQL of a point release is what we want anyway.
list=/etc/apt/sources.list.d/migration-lens-deb-src.sources
entry='Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg'
if [ "$(cat "$list" 2>/dev/null)" != "$entry" ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! sudo -n true 2>/dev/null; then
      echo "fetch-pg-regress: needs root (or passwordless sudo) to add $list; run .ci/run or this script as root" >&2
      exit 2
    fi
    sudo=(sudo -n)
  fi
  # A separate file: the image's own debian.sources stays untouched.
  printf '%s\n' "$entry" | "${sudo[@]}" tee "$list" >/dev/null
  "${sudo[@]}" apt-get update -qq </dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod a+rwx "$work" # apt downloads as its _apt user
(cd "$work" && apt-get source --download-only -qq postgresql-15 </dev/null)
orig="$(ls "$work"/postgresql-15_*.orig.tar.* | head -n1)"
mkdir -p "$work/x"
tar -xf "$orig" -C "$work/x" --wildcards '*/src/test/regress/sql/*'
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$work"/x/*/src/test/regress/sql "$dest"
echo "$(basename "$orig")" >"$dest/.complete"
echo "fetch-pg-regress: $(ls "$dest"/*.sql | wc -l) files from $(basename "$orig") in $dest"
