/**
 * PostGIS implementation of the Repository interface (issue 10), chosen by `DATABASE_URL=postgres://…`.
 * Same semantics as `../sqlite`: one serialized write transaction per mutation with its audit row,
 * optimistic concurrency by `version`, hash-chained append-only audit log. docs/postgis.md.
 *
 * Not yet ported (each call answers 501 `POSTGIS_NOT_IMPLEMENTED`): the stores added by issues 6, 7 and 9
 * (imports, review/evidence/documents, stories, assembly sessions). Their tables exist (migrations 0003–0005)
 * and `npm run db:migrate-to-postgres` copies them.
 */
import { RepoError, type Repository } from '../types';
import { pgAuditRepository } from './audit';
import { openPg, q, type PgHandle } from './db';
import { pgFeatureRepository } from './features';
import { pgProjectRepository } from './projects';
import { pgSessionRepository } from './sessions';
import { pgSettingsRepository } from './settings';
import { pgUserRepository } from './users';

export { openPg, type PgHandle } from './db';

/** A store whose every method rejects with 501 POSTGIS_NOT_IMPLEMENTED. */
function notPorted<T extends object>(name: string): T {
	return new Proxy({} as T, {
		get(_t, prop) {
			if (prop === 'then') return undefined;
			return async () => {
				throw new RepoError(
					'POSTGIS_NOT_IMPLEMENTED',
					`«${name}.${String(prop)}» aún no está disponible con PostgreSQL/PostGIS (use SQLite para esta función).`
				);
			};
		}
	});
}

export function createPostgresRepository(h: PgHandle): Repository {
	return {
		kind: 'postgis',
		users: pgUserRepository(h),
		sessions: pgSessionRepository(h),
		features: pgFeatureRepository(h),
		audit: pgAuditRepository(h),
		projects: pgProjectRepository(h),
		settings: pgSettingsRepository(h),
		stories: notPorted('stories'),
		assemblies: notPorted('assemblies'),
		review: notPorted('review'),
		imports: notPorted('imports'),
		rasters: notPorted('rasters'),
		async schemaVersion() {
			const r = await q<{ v: number | null }>(h, 'SELECT max(version) AS v FROM schema_migrations');
			return r[0]?.v ?? 0;
		},
		async close() {
			await Promise.all([h.pool.end(), h.writePool.end()]);
		}
	};
}

export function openPostgresRepository(url: string, opts: { migrate?: boolean } = {}): Repository {
	return createPostgresRepository(openPg(url, opts));
}
