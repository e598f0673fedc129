#!/usr/bin/env bash
# yaku — the one test command (`npm install && npm test`). Installs what npm cannot (Debian chromium),
# then runs type checks, lint, the production build, unit/server tests (vitest) and browser tests (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v ogrinfo >/dev/null 2>&1 || need_apt+=(gdal-bin)
command -v cs2cs >/dev/null 2>&1 || need_apt+=(proj-bin)
command -v grass >/dev/null 2>&1 || need_apt+=(grass-core) # issue 8: r.watershed reference (tests/unit/raster/hydrology-grass.test.ts)
if [ ${#need_apt[@]} -gt 0 ]; then
	if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
		echo "» instalando paquetes Debian / installing Debian packages: ${need_apt[*]}"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
	else
		echo "Faltan paquetes / missing packages: ${need_apt[*]}" >&2
		echo "Instálelos con / install them with: sudo apt-get install ${need_apt[*]}" >&2
		exit 1
	fi
fi

mkdir -p test-results
echo "» svelte-check"; npm run -s check
echo "» lint (prettier + eslint)"; npm run -s lint
echo "» build"; npm run -s build >test-results/build.log 2>&1 || { cat test-results/build.log; exit 1; }

status=0
echo "» vitest"
# (a step that exits non-zero leaves test-results/<name>.exit: the summary counts a crash its JSON does not show)
rm -f test-results/*.exit
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json ||
	{ status=1; touch test-results/vitest.exit; }
# Issue 6: a 30-second fuzz run per import parser (7 parsers over the 2 cores, ~2 min; the run above did 2 s each).
echo "» fuzz (30 s por parser / per parser)"
npm run -s fuzz -- --reporter=default --reporter=json --outputFile.json=test-results/fuzz.json ||
	{ status=1; touch test-results/fuzz.exit; }
# Issue 10: the server tests that matter for a shared installation, again on a throwaway PostgreSQL + PostGIS
# cluster (Debian packages, unprivileged `postgres` user, free loopback port, removed afterwards).
echo "» vitest on PostGIS (throwaway cluster)"
PG_TEST_DIR="$(mktemp -d /tmp/yaku-pg-test.XXXXXX)"; export PG_TEST_DIR
if pgenv="$(bash scripts/pg-test-cluster.sh start)"; then
	trap 'bash scripts/pg-test-cluster.sh stop' EXIT
	( eval "$pgenv" && npx vitest run tests/server/postgres.test.ts tests/server/concurrency.test.ts \
		tests/server/durability.test.ts tests/server/ogc.test.ts tests/server/tiles.test.ts \
		tests/server/authz.test.ts tests/server/review.test.ts tests/server/imports.test.ts \
		tests/server/stories.test.ts tests/server/rasters.test.ts tests/server/interventions.test.ts \
		tests/server/warnings-refresh.test.ts \
		--reporter=default --reporter=json --outputFile.json=test-results/vitest-pg.json ) ||
		{ status=1; touch test-results/vitest-pg.exit; }
	bash scripts/pg-test-cluster.sh stop
	trap - EXIT
else
	echo "No se pudo iniciar PostgreSQL + PostGIS para las pruebas." >&2
	status=1
fi
rm -rf test-results/e2e-data test-results/e2e-data-bad
echo "» playwright (Debian chromium)"
npx playwright test || status=1

node scripts/test-summary.js || true
exit $status
