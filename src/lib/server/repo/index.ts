import { dbConfig, openDatabase } from '../db';
import { createSqliteRepository } from './sqlite';
import type { Repository } from './types';

export * from './types';
export { createSqliteRepository } from './sqlite';

let repo: Repository | null = null;

/**
 * The process-wide repository, opened (and migrated) on first use. `YAKU_DB` selects the backend; only
 * `sqlite` exists today (a `postgis` implementation plugs in here, issue 10).
 */
export function getRepository(env: Record<string, string | undefined> = process.env): Repository {
	if (repo) return repo;
	const kind = env.YAKU_DB ?? 'sqlite';
	if (kind !== 'sqlite') throw new Error(`YAKU_DB=${kind} no está implementado (solo 'sqlite').`);
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
