/**
 * PostgreSQL migrations: `postgres/migrations/NNNN_name.sql`, one per SQLite migration with the same number
 * and name (a startup check refuses a build where a translation is missing). Applied in order, each in its
 * own transaction under an advisory lock (several servers may start at once), recorded with a checksum in
 * `schema_migrations`. Same rules as SQLite: refuses a database newer than the code and an edited migration.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';
import { DbVersionError, MigrationChecksumError, loadMigrations, type Migration } from '../migrate';

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** pg_advisory_lock key for migrations (any constant; 'yaku' in ASCII). */
const MIGRATION_LOCK = 0x79616b75;

export function loadPgMigrations(): Migration[] {
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
	const out: Migration[] = [];
	for (const [path, sql] of Object.entries(files)) {
		const base = path.split('/').pop() ?? path;
		const m = FILE_RE.exec(base);
		if (!m) throw new Error(`Nombre de migración inválido: ${base}`);
		out.push({
			version: Number(m[1]),
			name: m[2] ?? '',
			sql,
			checksum: createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex')
		});
	}
	return out.sort((a, b) => a.version - b.version);
}

/** Every SQLite migration must have its PostgreSQL translation (same number and name). */
export function checkTranslations(
	pg: Migration[] = loadPgMigrations(),
	lite: Migration[] = loadMigrations()
): void {
	const missing = lite.filter((l) => !pg.some((p) => p.version === l.version && p.name === l.name));
	if (missing.length)
		throw new Error(
			`Faltan traducciones PostgreSQL de las migraciones: ${missing.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`).join(', ')} ` +
				`(src/lib/server/db/postgres/migrations). yaku no arranca con PostGIS sin ellas.`
		);
	const extra = pg.filter((p) => !lite.some((l) => l.version === p.version));
	if (extra.length)
		throw new Error(
			`Migraciones PostgreSQL sin equivalente SQLite: ${extra.map((m) => m.version).join(', ')}`
		);
}

export interface PgMigrateResult {
	from: number;
	to: number;
	applied: number[];
}

export async function migratePg(
	pool: Pool,
	migrations: Migration[] = loadPgMigrations()
): Promise<PgMigrateResult> {
	checkTranslations(migrations);
	const c = await pool.connect();
	try {
		await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
		await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
		const rows = (await c.query('SELECT version, checksum FROM schema_migrations ORDER BY version')).rows as {
			version: number;
			checksum: string;
		}[];
		const codeVersion = migrations.length ? migrations[migrations.length - 1]!.version : 0;
		const dbVersion = rows.length ? rows[rows.length - 1]!.version : 0;
		if (dbVersion > codeVersion) throw new DbVersionError(dbVersion, codeVersion);
		for (const row of rows) {
			const mig = migrations.find((m) => m.version === row.version);
			if (mig && mig.checksum !== row.checksum) throw new MigrationChecksumError(row.version);
		}
		const applied: number[] = [];
		for (const mig of migrations) {
			if (mig.version <= dbVersion) continue;
			await c.query('BEGIN');
			try {
				await c.query(mig.sql);
				await c.query(
					'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)',
					[mig.version, mig.name, mig.checksum, new Date().toISOString()]
				);
				await c.query('COMMIT');
			} catch (e) {
				await c.query('ROLLBACK');
				throw e;
			}
			applied.push(mig.version);
		}
		return { from: dbVersion, to: Math.max(dbVersion, codeVersion), applied };
	} finally {
		await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
		c.release();
	}
}
