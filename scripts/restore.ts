/**
 * npm run restore -- <backup.db> [--force]
 * Offline restore: stop the server first. Checks the backup (integrity, schema not newer than this code),
 * keeps the current database as yaku.db.pre-restore-<timestamp> (with its -wal/-shm), then puts the backup
 * in place. Refuses while a server process for this database is alive (pid file), unless --force.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dbConfig, openDatabase } from '../src/lib/server/db/connection';
import { codeSchemaVersion } from '../src/lib/server/db/migrate';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { force: { type: 'boolean', default: false } }
});
const src = positionals[0] ? resolve(positionals[0]) : '';
if (!src || !existsSync(src)) {
	console.error('Uso: npm run restore -- <archivo-de-copia.db> [--force]');
	process.exit(2);
}
const { dbPath } = dbConfig();
const pidFile = `${dbPath}.pid`;
if (existsSync(pidFile) && !values.force) {
	const pid = Number(readFileSync(pidFile, 'utf8'));
	let alive: boolean;
	try {
		process.kill(pid, 0);
		alive = true;
	} catch {
		alive = false;
	}
	if (alive) {
		console.error(
			`El servidor (pid ${pid}) está usando ${dbPath}. Deténgalo antes de restaurar (o use --force).`
		);
		process.exit(1);
	}
}

const check = new Database(src, { readonly: true, fileMustExist: true });
const integrity = check.pragma('integrity_check', { simple: true });
const version = check.pragma('user_version', { simple: true }) as number;
check.close();
if (integrity !== 'ok') {
	console.error(`La copia no pasó integrity_check: ${String(integrity)}`);
	process.exit(1);
}
if (version > codeSchemaVersion()) {
	console.error(
		`La copia tiene esquema v${version}, más nuevo que esta versión de yaku (v${codeSchemaVersion()}).`
	);
	process.exit(1);
}

const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
if (existsSync(dbPath)) {
	const keep = `${dbPath}.pre-restore-${stamp}`;
	// Checkpoint the WAL into the main file so the kept copy is self-contained.
	try {
		const { db } = openDatabase(dbPath, { migrate: false });
		db.pragma('wal_checkpoint(TRUNCATE)');
		db.close();
	} catch {
		/* a damaged database is kept as is */
	}
	renameSync(dbPath, keep);
	for (const ext of ['-wal', '-shm']) if (existsSync(dbPath + ext)) renameSync(dbPath + ext, keep + ext);
	console.log(`Base actual guardada como ${keep}`);
}
copyFileSync(src, dbPath);
for (const ext of ['-wal', '-shm']) rmSync(dbPath + ext, { force: true });
// Open once: applies any newer migrations of this code to the restored copy.
const { db, migration } = openDatabase(dbPath);
db.close();
console.log(
	`Restaurado ${src} → ${dbPath} (esquema v${version}${migration.applied.length ? ` → v${migration.to}` : ''}). Ya puede iniciar el servidor.`
);
