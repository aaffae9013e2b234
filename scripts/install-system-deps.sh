#!/usr/bin/env bash
# Install the Debian packages named as arguments, but only those that `dpkg -s` reports missing.
# Runs `apt-get update` first only when something has to be installed. Needs root (or sudo).
#   usage: scripts/install-system-deps.sh chromium postgresql
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 PACKAGE..." >&2
  exit 2
fi

if ! command -v dpkg >/dev/null 2>&1; then
  echo "install-system-deps: dpkg not found; this script supports Debian/Ubuntu only." >&2
  echo "install-system-deps: please install these packages yourself: $*" >&2
  exit 1
fi

missing=()
for pkg in "$@"; do
  if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed$'; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "install-system-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-q -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300)
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update >/dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y "${missing[@]}" >/tmp/install-system-deps.log 2>&1 || {
  status=$?
  echo "install-system-deps: apt-get install failed (exit $status); last lines of /tmp/install-system-deps.log:" >&2
  tail -n 40 /tmp/install-system-deps.log >&2
  exit "$status"
}
echo "install-system-deps: installed ${missing[*]}"
