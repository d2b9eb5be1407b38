#!/usr/bin/env bash
# The production shape on loopback, end to end (README → Several instances): a PostgreSQL database,
# Redis, Ralph, the demo LMS, two tool instances under gunicorn behind a round-robin balancer, two
# `flask worker` senders; `flask init` from both instances at once, then employees take the exam through
# the balancer and every attempt, statement and score is checked. Needs PostgreSQL (AIDIP_TEST_PG, default
# postgresql://postgres@127.0.0.1:5432/postgres) and redis-server. Prints SMOKE OK and exits 0 when it holds.
#   scripts/production-smoke.sh [--employees 12]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
exec .venv/bin/python -m tests.e2e.production_smoke "$@"
