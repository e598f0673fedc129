/**
 * Connection pool and transaction helpers of the PostGIS backend. Every write runs in one transaction that
 * first takes a transaction-scoped advisory lock: writes are serialized exactly like SQLite's single writer
 * (BEGIN IMMEDIATE), which keeps the audit hash chain a total order and makes optimistic concurrency behave
 * identically; reads run concurrently. docs/decisions/103.
 */
import pg from 'pg';
import { migratePg } from '../../db/postgres/migrate';

/** pg_advisory_xact_lock key of the single-writer lock. */
export const WRITE_LOCK = 0x79616b76;

// BIGINT (int8) columns are ids and counts far below 2^53: return them as numbers, like better-sqlite3.
pg.types.setTypeParser(20, (v: string) => Number(v));

export type Db = pg.Pool;
export type Conn = pg.PoolClient | pg.Pool;

export interface PgHandle {
	/** Reads. */
	pool: pg.Pool;
	/** Writes: a separate small pool, so that many concurrent readers never starve the (serialized) writers. */
	writePool: pg.Pool;
	/** Resolves once migrations ran; rejects (and the server refuses to start) on a too-new database. */
	ready: Promise<void>;
}

export function openPg(url: string, opts: { migrate?: boolean; max?: number } = {}): PgHandle {
	// allowExitOnIdle: idle connections do not keep a stopping server (SIGTERM) alive.
	const mk = (max: number, name: string) => {
		const p = new pg.Pool({ connectionString: url, max, application_name: name, allowExitOnIdle: true });
		p.on('error', (e) => console.error('[yaku] PostgreSQL: error en una conexión inactiva:', e.message));
		return p;
	};
	const pool = mk(opts.max ?? 16, 'yaku');
	const writePool = mk(4, 'yaku-write');
	const ready = opts.migrate === false ? Promise.resolve() : migratePg(pool).then(() => undefined);
	ready.catch(() => undefined);
	return { pool, writePool, ready };
}

/** Hash of the last audit row, read when the write lock was taken (null = empty log); writeAudit advances it. */
export const chainHead = new WeakMap<pg.PoolClient, string | null>();

/** Runs `fn` in a serialized write transaction (see file comment). */
export async function writeTx<T>(h: PgHandle, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
	await h.ready;
	const c = await h.writePool.connect();
	try {
		// One round trip: begin, take the single-writer lock, read the audit chain's head (stable while we hold
		// the lock). Round trips matter: under heavy read load each one waits behind the event loop.
		const r = (await c.query(
			`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK}); SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`
		)) as unknown as pg.QueryResult[];
		chainHead.set(c, (r[2]?.rows[0] as { hash: string } | undefined)?.hash ?? null);
		const out = await fn(c);
		await c.query('COMMIT');
		return out;
	} catch (e) {
		await c.query('ROLLBACK').catch(() => undefined);
		throw e;
	} finally {
		chainHead.delete(c);
		c.release();
	}
}

/** A read-only snapshot (REPEATABLE READ) for multi-statement reads, e.g. count + page. */
export async function readTx<T>(h: PgHandle, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
	await h.ready;
	const c = await h.pool.connect();
	try {
		await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
		const out = await fn(c);
		await c.query('COMMIT');
		return out;
	} catch (e) {
		await c.query('ROLLBACK').catch(() => undefined);
		throw e;
	} finally {
		c.release();
	}
}

export async function q<R>(h: PgHandle, text: string, values: unknown[] = []): Promise<R[]> {
	await h.ready;
	return (await h.pool.query(text, values)).rows as R[];
}

/** `$1, $2, …, $n` (placeholders of an n-column VALUES list). */
export const marks = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');
