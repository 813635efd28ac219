#!/usr/bin/env bash
# Debian packages the app needs beyond Python, installed only when missing (idempotent).
#
#   runtime: Pango, HarfBuzz (shaping and font subsetting) and fontconfig for WeasyPrint, and
#            the Noto fonts printed handouts embed: Noto Sans (Latin, Vietnamese), Noto Naskh
#            Arabic (fonts-noto-core) and Noto Sans CJK SC (fonts-noto-cjk).
#   --tests: also poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) for the handout tests.
#
# Usage: deploy/install-system-packages.sh [--tests]    (as root, or with sudo available)
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
          fonts-noto-core fonts-noto-cjk)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(poppler-utils)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
