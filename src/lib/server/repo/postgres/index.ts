/**
 * PostGIS implementation of the Repository interface (issue 10), chosen by `DATABASE_URL=postgres://…`.
 * Same semantics as `../sqlite`: one serialized write transaction per mutation with its audit row,
 * optimistic concurrency by `version`, hash-chained append-only audit log. docs/postgis.md.
 * Every store of the interface is implemented (issues 5, 6, 7, 9); where a SQLite store and its PostGIS twin
 * map the same rows, the pure mapping lives in one shared module (`review/rows.ts`, `imports/rows.ts`, …).
 */
import type { Repository } from '../types';
import { pgAssemblyRepository } from './assemblies';
import { pgAuditRepository } from './audit';
import { openPg, q, type PgHandle } from './db';
import { pgFeatureRepository } from './features';
import { pgImportRepository } from './imports';
import { pgRasterRepository } from '../../rasters/postgres';
import { pgProjectRepository } from './projects';
import { pgReviewStore } from './review';
import { pgSessionRepository } from './sessions';
import { pgSettingsRepository } from './settings';
import { pgStoryRepository } from './stories';
import { pgUserRepository } from './users';

export { openPg, type PgHandle } from './db';

const handles = new WeakMap<Repository, PgHandle>();

/** The connection pools behind a PostGIS repository (for PostGIS-only paths such as ST_AsMVT tiles). */
export function pgHandleOf(repo: Repository): PgHandle | null {
	return handles.get(repo) ?? null;
}

export function createPostgresRepository(h: PgHandle): Repository {
	const repo: Repository = {
		kind: 'postgis',
		users: pgUserRepository(h),
		sessions: pgSessionRepository(h),
		features: pgFeatureRepository(h),
		audit: pgAuditRepository(h),
		projects: pgProjectRepository(h),
		settings: pgSettingsRepository(h),
		stories: pgStoryRepository(h),
		assemblies: pgAssemblyRepository(h),
		review: pgReviewStore(h),
		imports: pgImportRepository(h),
		rasters: pgRasterRepository(h),
		async schemaVersion() {
			const r = await q<{ v: number | null }>(h, 'SELECT max(version) AS v FROM schema_migrations');
			return r[0]?.v ?? 0;
		},
		async close() {
			await Promise.all([h.pool.end(), h.writePool.end()]);
		}
	};
	handles.set(repo, h);
	return repo;
}

export function openPostgresRepository(url: string, opts: { migrate?: boolean } = {}): Repository {
	return createPostgresRepository(openPg(url, opts));
}
