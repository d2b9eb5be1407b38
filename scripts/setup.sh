#!/usr/bin/env bash
# Set up everything the tool, the demo and the tests need, on a fresh machine with Python 3.11.
# Idempotent: a second run only checks. Creates .venv/ in the project folder.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  rm -f .venv/.installed-* && touch "$stamp"
fi
# Browser tests: Debian's Chromium and ChromeDriver, axe-core (npm) for the WCAG checks and Cito's QTI 3
# player and converter (@citolab/qti-components, @citolab/qti-convert, npm) for the QTI export;
# versions pinned in package.json and package-lock.json.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "note: install Debian's chromium and chromium-driver for the browser tests (sudo apt-get install ...)" >&2
  fi
fi
if { [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/@citolab/qti-components/cdn/index.js ] \
  || [ ! -d node_modules/@citolab/qti-convert/dist ]; } \
  && command -v npm >/dev/null; then
  npm install --no-audit --no-fund --silent >/dev/null
fi
# The PgBouncer test (transaction pooling in front of PostgreSQL): Debian's pgbouncer.
if ! command -v pgbouncer >/dev/null && [ ! -x /usr/sbin/pgbouncer ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
  else
    echo "note: install Debian's pgbouncer for the PgBouncer test (sudo apt-get install pgbouncer)" >&2
  fi
fi
# Compile the Dutch/English UI translations (.po → .mo).
.venv/bin/pybabel compile -d lti_tool/translations >/dev/null
