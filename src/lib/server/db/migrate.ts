import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

export interface Migration {
	version: number;
	name: string;
	sql: string;
	checksum: string;
}

export class DbVersionError extends Error {
	readonly code = 'DB_NEWER_THAN_CODE';
	constructor(
		readonly dbVersion: number,
		readonly codeVersion: number
	) {
		super(
			`La base de datos está en la versión de esquema ${dbVersion}, más nueva que la que conoce esta versión de yaku (${codeVersion}). ` +
				`yaku no arranca para no dañarla: actualice yaku o restaure una copia de seguridad compatible. ` +
				`(Database schema ${dbVersion} is newer than this yaku build (${codeVersion}); refusing to start.)`
		);
	}
}

export class MigrationChecksumError extends Error {
	readonly code = 'DB_MIGRATION_MODIFIED';
	constructor(readonly version: number) {
		super(
			`La migración ${version} ya aplicada no coincide con el archivo actual (checksum distinto). ` +
				`Las migraciones aplicadas no se editan: cree una nueva. (Applied migration ${version} was modified.)`
		);
	}
}

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

function toMigrations(files: Record<string, string>): Migration[] {
	const out: Migration[] = [];
	for (const [path, sql] of Object.entries(files)) {
		const base = path.split('/').pop() ?? path;
		const m = FILE_RE.exec(base);
		if (!m) throw new Error(`Nombre de migración inválido: ${base} (se espera NNNN_nombre.sql)`);
		const checksum = createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
		out.push({ version: Number(m[1]), name: m[2] ?? '', sql, checksum });
	}
	out.sort((a, b) => a.version - b.version);
	out.forEach((mig, i) => {
		if (mig.version !== i + 1) throw new Error(`Migraciones no consecutivas: falta la ${i + 1}`);
	});
	return out;
}

/**
 * The migration files. Under Vite (dev, build, vitest) they are inlined by import.meta.glob; under plain
 * Node/tsx (CLI scripts) they are read from disk next to this file.
 */
export function loadMigrations(): Migration[] {
	let files: Record<string, string> | undefined;
	try {
		files = import.meta.glob('./migrations/*.sql', {
			query: '?raw',
			import: 'default',
			eager: true
		}) as Record<string, string>;
	} catch {
		files = undefined;
	}
	if (!files || Object.keys(files).length === 0) {
		const dir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
		files = {};
		for (const f of readdirSync(dir)) if (f.endsWith('.sql')) files[f] = readFileSync(join(dir, f), 'utf8');
	}
	return toMigrations(files);
}

export interface MigrateResult {
	from: number;
	to: number;
	applied: number[];
}

/** Applies pending migrations in order, each in its own IMMEDIATE transaction. */
export function migrate(db: Database.Database, migrations: Migration[] = loadMigrations()): MigrateResult {
	db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		checksum TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`);
	const codeVersion = migrations.length ? migrations[migrations.length - 1]!.version : 0;
	const rows = db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all() as {
		version: number;
		checksum: string;
	}[];
	const userVersion = db.pragma('user_version', { simple: true }) as number;
	const dbVersion = Math.max(userVersion, rows.length ? rows[rows.length - 1]!.version : 0);
	if (dbVersion > codeVersion) throw new DbVersionError(dbVersion, codeVersion);
	for (const row of rows) {
		const mig = migrations.find((m) => m.version === row.version);
		if (mig && mig.checksum !== row.checksum) throw new MigrationChecksumError(row.version);
	}
	const applied: number[] = [];
	for (const mig of migrations) {
		if (mig.version <= dbVersion) continue;
		const run = db.transaction(() => {
			db.exec(mig.sql);
			db.prepare(
				'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)'
			).run(mig.version, mig.name, mig.checksum, new Date().toISOString());
			db.pragma(`user_version = ${mig.version}`);
		});
		run.immediate();
		applied.push(mig.version);
	}
	return { from: dbVersion, to: Math.max(dbVersion, codeVersion), applied };
}

export function codeSchemaVersion(): number {
	const m = loadMigrations();
	return m.length ? m[m.length - 1]!.version : 0;
}
