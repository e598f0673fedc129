#!/usr/bin/env bash
# Runs a command with YAKU_TEST_DATABASE_URL pointing at a throwaway PostgreSQL + PostGIS cluster
# (scripts/pg-test-cluster.sh), removed afterwards. Used by `npm run bench:tiles:pg`.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_TEST_DIR="${PG_TEST_DIR:-$(mktemp -d /tmp/yaku-pg-bench.XXXXXX)}"; export PG_TEST_DIR
pgenv="$(bash scripts/pg-test-cluster.sh start)"
trap 'bash scripts/pg-test-cluster.sh stop' EXIT
eval "$pgenv"
"$@"
