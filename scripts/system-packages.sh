#!/usr/bin/env bash
# Make sure the Debian/Ubuntu packages the project needs are installed.
#   scripts/system-packages.sh run    what the site needs (fonts, Pango, HarfBuzz, gettext)
#   scripts/system-packages.sh bench  plus wrk, the optional load generator of benchmarks/throughput.py
#   scripts/system-packages.sh test   plus what the tests need (poppler-utils, chromium, zbar-tools, npm for axe-core,
#                                     tesseract-ocr with its Thai model for reading printed certificates,
#                                     libnss3-tools for checking signed PDFs with pdfsig)
# Installs what is missing when it can (root, or sudo without a password); otherwise
# prints the exact command to run and exits 1.
set -euo pipefail

RUN_PACKAGES=(fonts-thai-tlwg libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext)
TEST_PACKAGES=(poppler-utils chromium zbar-tools tesseract-ocr tesseract-ocr-tha)
# libnss3-tools: certutil, for an NSS database that trusts our signing certificate (pdfsig).
TEST_PACKAGES+=(libnss3-tools)
# nginx: the private-files test runs the nginx block of docs/deploy.md.
TEST_PACKAGES+=(nginx)

# Optional: benchmarks/throughput.py uses wrk when it is there, a Python client otherwise.
BENCH_PACKAGES=(wrk)

packages=("${RUN_PACKAGES[@]}")
if [ "${1:-run}" = "test" ]; then
  packages+=("${TEST_PACKAGES[@]}")
fi
if [ "${1:-run}" = "bench" ]; then
  packages+=("${BENCH_PACKAGES[@]}")
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian-based system: install these packages by hand: ${packages[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$pkg")
  fi
done

# npm (for axe-core) may come with a Node.js that is not Debian's own (nodesource):
# ask for the command, not the package.
if [ "${1:-run}" = "test" ] && ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "These system packages are missing and I cannot install them without root:" >&2
  echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
