#!/usr/bin/env bash
# Installs the Debian packages behind the commands that are missing, the one way every script
# here installs a system package (CI runs as root with no sudo; a developer may not be root).
#
# Usage: .ci/install-packages.sh COMMAND=PACKAGE ...   e.g. chromium=chromium redis-server=redis-server
# A COMMAND already on PATH is left alone; nothing at all runs when none is missing. After the
# install each COMMAND must be on PATH, else the script fails naming it.
set -euo pipefail

missing=()
for pair in "$@"; do
  case "$pair" in
    ?*=?*) ;;
    *) echo "install-packages: expected COMMAND=PACKAGE, found '$pair'" >&2; exit 2 ;;
  esac
  command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
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
  command -v "${pair%%=*}" >/dev/null 2>&1 || { echo "install-packages: ${pair%%=*} is not on PATH after installing ${pair#*=}" >&2; exit 1; }
done
