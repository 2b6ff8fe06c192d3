#!/usr/bin/env bash
# Print the path of a Python >= 3.11, or explain and exit 1.
set -euo pipefail
for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
  [ -n "$candidate" ] || continue
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    command -v "$candidate"
    exit 0
  fi
done
echo "Python 3.11 or newer (with venv) is needed: sudo apt-get install -y python3 python3-venv" >&2
exit 1
