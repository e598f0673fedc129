/**
 * npm run backup [-- --out <file>]
 * Consistent online copy of the live database with SQLite's backup API (safe while the server writes),
 * then an integrity check of the copy. Default: <data dir>/backups/yaku-<UTC timestamp>.db
 */
import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dbConfig, openDatabase } from '../src/lib/server/db/connection';

const { values } = parseArgs({
	options: { out: { type: 'string' }, json: { type: 'boolean', default: false } }
});
const cfg = dbConfig();
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
const out = resolve(values.out ?? join(cfg.dataDir, 'backups', `yaku-${stamp}.db`));
mkdirSync(dirname(out), { recursive: true });

const { db } = openDatabase(cfg.dbPath, { migrate: false });
const t0 = Date.now();
try {
	await db.backup(out);
} finally {
	db.close();
}
const copy = new Database(out, { readonly: true });
const integrity = copy.pragma('integrity_check', { simple: true });
const version = copy.pragma('user_version', { simple: true });
const features = (copy.prepare('SELECT count(*) AS n FROM features').get() as { n: number }).n;
const audit = (copy.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
copy.close();
if (integrity !== 'ok') {
	console.error(`La copia ${out} no pasó integrity_check: ${String(integrity)}`);
	process.exit(1);
}
const result = {
	file: out,
	bytes: statSync(out).size,
	ms: Date.now() - t0,
	schemaVersion: version,
	features,
	audit
};
if (values.json) console.log(JSON.stringify(result));
else
	console.log(
		`Copia de seguridad: ${out} (${result.bytes} bytes, esquema v${version}, ${features} elementos, ${audit} filas de auditoría, ${result.ms} ms)`
	);
