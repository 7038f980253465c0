#!/usr/bin/env bash
# Install the Debian packages given as arguments when they are missing.
# As root: apt-get installs them. Otherwise: print the exact command and fail.
# When everything is there it prints nothing and runs no apt command, root or not.
set -euo pipefail

# Each check runs its command to completion: no `producer | grep -q`, whose early exit can
# kill the producer with SIGPIPE and, under pipefail, report a package missing at random.
has_font() {
  local families
  families=$(fc-list :family 2>/dev/null) || return 1
  [[ $families == *"$1"* ]]
}

missing=()
for pkg in "$@"; do
  case "$pkg" in
    graphviz) command -v dot >/dev/null 2>&1 || missing+=("$pkg") ;;
    chromium) command -v chromium >/dev/null 2>&1 || missing+=("$pkg") ;;
    fonts-noto-cjk) has_font "Noto Sans CJK SC" || missing+=("$pkg" fontconfig) ;;
    nodejs) command -v node >/dev/null 2>&1 || missing+=("$pkg") ;;
    npm) command -v npm >/dev/null 2>&1 || missing+=("$pkg") ;;
    *) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "missing system packages: ${missing[*]}"
  echo "run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
  exit 1
fi
