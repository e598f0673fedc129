import type Database from 'better-sqlite3';
import type { Repository } from '../types';
import { sqliteAuditRepository } from './audit';
import { sqliteFeatureRepository } from './features';
import { sqliteProjectRepository } from './projects';
import { sqliteReviewStore } from '../../review/sqlite';
import { sqliteSettingsRepository } from './settings';
import { sqliteSessionRepository } from './sessions';
import { sqliteUserRepository } from './users';
import { sqliteStoryRepository } from '../../stories/sqlite';
import { sqliteAssemblyRepository } from '../../sessions/sqlite';
import { sqliteImportRepository } from '../../imports/sqliteRepo';
import { sqliteRasterRepository } from '../../rasters/sqlite';

export function createSqliteRepository(db: Database.Database): Repository {
	return {
		kind: 'sqlite',
		users: sqliteUserRepository(db),
		sessions: sqliteSessionRepository(db),
		features: sqliteFeatureRepository(db),
		audit: sqliteAuditRepository(db),
		projects: sqliteProjectRepository(db),
		settings: sqliteSettingsRepository(db),
		stories: sqliteStoryRepository(db),
		assemblies: sqliteAssemblyRepository(db),
		review: sqliteReviewStore(db),
		imports: sqliteImportRepository(db),
		rasters: sqliteRasterRepository(db),
		async schemaVersion() {
			return db.pragma('user_version', { simple: true }) as number;
		},
		async close() {
			if (db.open) db.close();
		}
	};
}
