#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real (none are needed to run the service).
# Idempotent and quiet when everything is present; needs root (or passwordless sudo) otherwise.
set -euo pipefail

# "command-or-path:package" — what a test runs, and the Debian package that provides it.
DEPS=(
  "/usr/sbin/nginx:nginx"
  "prometheus:prometheus"
  "promtool:prometheus"
  "shellcheck:shellcheck"
  "curl:curl"
  "pgrep:procps"
  "/usr/bin/chromium:chromium"
)

needed=()
for pair in "${DEPS[@]}"; do
  probe=${pair%%:*}; pkg=${pair#*:}
  if [[ $probe == /* ]]; then [ -e "$probe" ] && continue
  else command -v "$probe" >/dev/null 2>&1 && continue; fi
  needed+=("$pkg")
done
[ ${#needed[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "system-deps: need root to install: ${needed[*]}" >&2; exit 1
  fi
else SUDO=; fi
echo "system-deps: installing ${needed[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
