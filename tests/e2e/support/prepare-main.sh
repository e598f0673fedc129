#!/usr/bin/env bash
# Fresh data dir for the main e2e server, with a Comité and a reviewer account (passwords only for tests).
set -euo pipefail
: "${YAKU_DATA_DIR:?}"
rm -rf "$YAKU_DATA_DIR"
mkdir -p "$YAKU_DATA_DIR"
echo 'e2e-comite-clave-1' | npx tsx scripts/user-add.ts --username comite1 --name 'Comité E2E' --role comite --password-stdin >/dev/null
echo 'e2e-revisor-clave-1' | npx tsx scripts/user-add.ts --username revisor1 --name 'Revisor E2E' --role revisor --password-stdin >/dev/null
echo 'e2e-admin-clave-1' | npx tsx scripts/user-add.ts --username admin1 --name 'Admin E2E' --role admin --password-stdin >/dev/null
