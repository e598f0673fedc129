import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { migrate, type MigrateResult } from './migrate';

export interface DbConfig {
	dataDir: string;
	dbPath: string;
}

/** `YAKU_DATA_DIR` (default `./data`) and `YAKU_DB_PATH` (default `<data dir>/yaku.db`). */
export function dbConfig(env: Record<string, string | undefined> = process.env): DbConfig {
	const dataDir = resolve(env.YAKU_DATA_DIR || './data');
	const dbPath = resolve(env.YAKU_DB_PATH || resolve(dataDir, 'yaku.db'));
	return { dataDir, dbPath };
}

/** Connection settings every yaku connection uses (server, CLI scripts, tests). */
export function applyPragmas(db: Database.Database): void {
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	db.pragma('trusted_schema = OFF');
}

export interface OpenResult {
	db: Database.Database;
	migration: MigrateResult;
}

/** Opens (creating if needed) and migrates the database. Throws DbVersionError on a too-new database. */
export function openDatabase(dbPath: string, opts: { migrate?: boolean } = {}): OpenResult {
	mkdirSync(dirname(dbPath), { recursive: true });
	const db = new Database(dbPath);
	try {
		applyPragmas(db);
		const mode = db.pragma('journal_mode', { simple: true });
		if (mode !== 'wal') throw new Error(`No se pudo activar WAL (journal_mode=${String(mode)})`);
		const migration = opts.migrate === false ? { from: 0, to: 0, applied: [] } : migrate(db);
		return { db, migration };
	} catch (e) {
		db.close();
		throw e;
	}
}
