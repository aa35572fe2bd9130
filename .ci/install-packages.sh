#!/usr/bin/env bash
# Installs the Debian packages behind the commands that are missing, the one way every script
# here installs a system package (CI runs as root with no sudo; a developer may not be root).
#
# Usage: .ci/install-packages.sh COMMAND=PACKAGE ...   e.g. chromium=chromium redis-server=redis-server
# A COMMAND already on PATH is left alone; nothing at all runs when none is missing. After the
# install each COMMAND must be on PATH, else the script fails naming it. For a package that
# puts no command on PATH (a library, PostgreSQL's server programs) name a file it installs
# instead, as an absolute path: /usr/include/sqlite3.h=libsqlite3-dev.
set -euo pipefail

present() {
  case "$1" in
    /*) [ -e "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for pair in "$@"; do
  case "$pair" in
    ?*=?*) ;;
    *) echo "install-packages: expected COMMAND=PACKAGE, found '$pair'" >&2; exit 2 ;;
  esac
  present "${pair%%=*}" || missing+=("${pair#*=}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

# As root apt-get runs directly; otherwise through sudo. The environment goes through `env`, so
# an empty prefix can never turn the assignment into the command.
prefix=()
[ "$(id -u)" = 0 ] || prefix=(sudo)
echo "== installing ${missing[*]} from Debian's packages"
"${prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null

for pair in "$@"; do
  present "${pair%%=*}" || { echo "install-packages: ${pair%%=*} is still missing after installing ${pair#*=}" >&2; exit 1; }
done
