#!/usr/bin/env bash
# Set everything up, then run the whole test suite (SQLite and PostgreSQL, real LTI platform,
# real LRS). PostgreSQL must be reachable (default postgresql://postgres@127.0.0.1:5432/postgres,
# override with AIDIP_TEST_PG). Extra arguments go to pytest. The order is shuffled with a fixed seed
# (AIDIP_TEST_SEED, default 1205): tests must not depend on each other. The tests run in
# AIDIP_TEST_WORKERS processes (pytest-xdist, default 2; each test file stays in one process);
# AIDIP_TEST_WORKERS=0 runs them in this one.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || exit 1
.venv/bin/ruff check . || exit 1
.venv/bin/mypy || exit 1
.venv/bin/python -m pytest --randomly-seed="${AIDIP_TEST_SEED:-1205}" \
  --numprocesses="${AIDIP_TEST_WORKERS:-2}" --dist=loadfile "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
