/**
 * Copies a SQLite installation into an empty, migrated PostgreSQL/PostGIS database (`npm run
 * db:migrate-to-postgres`) and verifies it: per table, row counts and a SHA-256 over every row (primary-key
 * order, JSON compared canonically, bytes as hex) must be equal, and the copied audit hash chain must verify.
 * Ids are kept (audit rows keep their hashes); identity sequences continue after the copied ids.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { auditHash, GENESIS_HASH, type HashedAuditFields } from '../../audit/chain';

/** Copy order (parents first) and the ordering key of each table. */
export const COPY_TABLES: readonly { table: string; key: string }[] = [
	{ table: 'users', key: 'id' },
	{ table: 'sessions', key: 'id_hash' },
	{ table: 'features', key: 'id' },
	{ table: 'audit_log', key: 'id' },
	{ table: 'projects', key: 'id' },
	{ table: 'settings', key: 'key' },
	{ table: 'imports', key: 'id' },
	{ table: 'project_documents', key: 'id' },
	{ table: 'reviews', key: 'feature_id' },
	{ table: 'review_comments', key: 'id' },
	{ table: 'evidence', key: 'id' },
	{ table: 'stories', key: 'id' },
	{ table: 'assembly_sessions', key: 'id' },
	{ table: 'assembly_photos', key: 'id' },
	{ table: 'rasters', key: 'id' }
];

export interface TableReport {
	table: string;
	sqliteRows: number;
	postgresRows: number;
	sqliteSha256: string;
	postgresSha256: string;
	ok: boolean;
}

export interface CopyReport {
	tables: TableReport[];
	auditChainOk: boolean;
	ok: boolean;
	ms: number;
}

function canonical(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(canonical);
	if (v && typeof v === 'object' && !(v instanceof Uint8Array))
		return Object.fromEntries(
			Object.keys(v as object)
				.sort()
				.map((k) => [k, canonical((v as Record<string, unknown>)[k])])
		);
	return v;
}

function norm(v: unknown, json: boolean): unknown {
	if (v === null || v === undefined) return null;
	if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
	if (json) return canonical(typeof v === 'string' ? JSON.parse(v) : v);
	if (typeof v === 'bigint') return Number(v);
	return v;
}

async function pgColumns(c: pg.ClientBase, table: string) {
	const r = await c.query(
		`SELECT column_name, data_type, is_generated FROM information_schema.columns
		 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
		[table]
	);
	return (r.rows as { column_name: string; data_type: string; is_generated: string }[]).filter(
		(x) => x.is_generated !== 'ALWAYS'
	);
}

function sqliteHasTable(db: Database.Database, table: string): boolean {
	return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
}

function digest(rows: Iterable<unknown[]>): { n: number; sha: string } {
	const h = createHash('sha256');
	let n = 0;
	for (const r of rows) {
		h.update(JSON.stringify(r)).update('\n');
		n++;
	}
	return { n, sha: h.digest('hex') };
}

const BATCH = 500;

/**
 * `db`: the SQLite installation (migrated to the code's schema); `c`: a connection to the target database,
 * migrated to the same version and empty (no users, features or audit rows).
 */
export async function copySqliteToPostgres(
	db: Database.Database,
	c: pg.ClientBase,
	log: (s: string) => void = () => {}
): Promise<CopyReport> {
	const t0 = performance.now();
	const lite = db.pragma('user_version', { simple: true }) as number;
	const pgv = Number(
		(await c.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations')).rows[0].v
	);
	if (lite !== pgv)
		throw new Error(
			`Versiones de esquema distintas: SQLite ${lite}, PostgreSQL ${pgv}. Migre ambas a la misma versión.`
		);
	for (const t of ['users', 'features', 'audit_log']) {
		const n = Number((await c.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
		if (n > 0) throw new Error(`La base PostgreSQL de destino no está vacía (${t}: ${n} filas).`);
	}
	const tables = COPY_TABLES.filter((t) => sqliteHasTable(db, t.table));
	await c.query('BEGIN');
	try {
		// Rows seeded by the migrations (demo project, default settings) are replaced by the source's.
		for (const t of [...tables].reverse())
			if (t.table !== 'audit_log') await c.query(`DELETE FROM ${t.table}`);
		for (const { table, key } of tables) {
			const cols = (await pgColumns(c, table)).map((x) => x.column_name);
			const liteCols = new Set(
				(db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((x) => x.name)
			);
			const use = cols.filter((x) => liteCols.has(x));
			const overriding = table === 'audit_log' ? 'OVERRIDING SYSTEM VALUE' : '';
			let batch: unknown[][] = [];
			let copied = 0;
			const flush = async () => {
				if (!batch.length) return;
				const params: unknown[] = [];
				const tuples = batch.map(
					(row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`
				);
				await c.query(
					`INSERT INTO ${table} (${use.join(', ')}) ${overriding} VALUES ${tuples.join(', ')}`,
					params
				);
				copied += batch.length;
				batch = [];
			};
			for (const row of db
				.prepare(`SELECT ${use.join(', ')} FROM ${table} ORDER BY ${key}`)
				.raw()
				.iterate() as Iterable<unknown[]>) {
				batch.push(row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
				if (batch.length >= BATCH) await flush();
			}
			await flush();
			const idCol = (await pgColumns(c, table)).find((x) => x.column_name === 'id');
			if (idCol && key === 'id' && /int/.test(idCol.data_type)) {
				const seq = (await c.query('SELECT pg_get_serial_sequence($1, $2) AS s', [table, 'id'])).rows[0].s as
					string | null;
				if (seq)
					await c.query(`SELECT setval($1, coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`, [seq]);
			}
			log(`  ${table}: ${copied} filas`);
		}
		await c.query('COMMIT');
	} catch (e) {
		await c.query('ROLLBACK');
		throw e;
	}
	// Verify: counts + checksums per table, audit chain.
	const reports: TableReport[] = [];
	for (const { table, key } of tables) {
		const cols = await pgColumns(c, table);
		const liteCols = new Set(
			(db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((x) => x.name)
		);
		const use = cols.filter((x) => liteCols.has(x.column_name));
		const isJson = use.map((x) => x.data_type === 'jsonb');
		const keyIsText = cols.find((x) => x.column_name === key)?.data_type === 'text';
		const names = use.map((x) => x.column_name).join(', ');
		const a = digest(
			(function* () {
				for (const r of db
					.prepare(`SELECT ${names} FROM ${table} ORDER BY ${key}`)
					.raw()
					.iterate() as Iterable<unknown[]>)
					yield r.map((v, i) => norm(v, isJson[i]!));
			})()
		);
		// Same order as SQLite's BINARY collation for text keys.
		const rows = (
			await c.query({
				text: `SELECT ${names} FROM ${table} ORDER BY ${key}${keyIsText ? ' COLLATE "C"' : ''}`,
				rowMode: 'array'
			})
		).rows as unknown[][];
		const b = digest(rows.map((r) => r.map((v, i) => norm(v, isJson[i]!))));
		reports.push({
			table,
			sqliteRows: a.n,
			postgresRows: b.n,
			sqliteSha256: a.sha,
			postgresSha256: b.sha,
			ok: a.n === b.n && a.sha === b.sha
		});
	}
	let prev = GENESIS_HASH;
	let auditChainOk = true;
	for (const r of (await c.query('SELECT * FROM audit_log ORDER BY id')).rows as (HashedAuditFields & {
		prev_hash: string;
		hash: string;
	})[]) {
		if (r.prev_hash !== prev || auditHash(prev, r) !== r.hash) {
			auditChainOk = false;
			break;
		}
		prev = r.hash;
	}
	return {
		tables: reports,
		auditChainOk,
		ok: auditChainOk && reports.every((r) => r.ok),
		ms: Math.round(performance.now() - t0)
	};
}
