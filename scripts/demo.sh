#!/usr/bin/env bash
# One command: set up, then run the local demo (tool + demo LMS + Ralph LRS, SQLite, seeded bank).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/python scripts/demo.py
