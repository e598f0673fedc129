import { dbConfig, openDatabase } from '../db';
import { createSqliteRepository } from './sqlite';
import { openPostgresRepository } from './postgres';
import type { Repository } from './types';

export * from './types';
export { createSqliteRepository } from './sqlite';

let repo: Repository | null = null;

/**
 * The process-wide repository, opened (and migrated) on first use. `DATABASE_URL=postgres://…` (or
 * `YAKU_DB=postgis`) selects PostGIS (issue 10); SQLite is the default.
 */
export function getRepository(env: Record<string, string | undefined> = process.env): Repository {
	if (repo) return repo;
	const url = env.DATABASE_URL ?? '';
	const kind = env.YAKU_DB ?? (/^postgres(ql)?:\/\//.test(url) ? 'postgis' : 'sqlite');
	if (kind === 'postgis') {
		// Issue 10: PostgreSQL + PostGIS (docs/postgis.md). Migrations run on first use (awaited by startServer).
		if (!/^postgres(ql)?:\/\//.test(url))
			throw new Error('YAKU_DB=postgis necesita DATABASE_URL=postgres://…');
		repo = openPostgresRepository(url);
		return repo;
	}
	if (kind !== 'sqlite') throw new Error(`YAKU_DB=${kind} no está implementado (use 'sqlite' o 'postgis').`);
	const { dbPath } = dbConfig(env);
	const { db } = openDatabase(dbPath);
	repo = createSqliteRepository(db);
	return repo;
}

/** For tests and graceful shutdown. */
export async function closeRepository(): Promise<void> {
	const r = repo;
	repo = null;
	if (r) await r.close();
}
