#!/usr/bin/env bash
# Installs the peers and tools of bench/crawl_e2e.sh: Debian 12 packages
# only.  Not part of CI's dependencies (.ci/install-deps); run it by hand
# before the end-to-end crawl benchmark.  Safe to run again.
set -euo pipefail

packages=(
  nginx                 # serves the generated static site on 127.0.0.1
  python3-scrapy        # peer crawler (Scrapy 2.8 in Debian 12)
  python3-readability   # peer extractor: readability-lxml
  wget2                 # fetch floor: wget2 --recursive
  time                  # /usr/bin/time -v: CPU seconds and peak RSS
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-bench-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
