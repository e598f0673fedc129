import type Database from 'better-sqlite3';
import type { Repository } from '../types';
import { sqliteAuditRepository } from './audit';
import { sqliteFeatureRepository } from './features';
import { sqliteProjectRepository } from './projects';
import { sqliteSettingsRepository } from './settings';
import { sqliteSessionRepository } from './sessions';
import { sqliteUserRepository } from './users';

export function createSqliteRepository(db: Database.Database): Repository {
	return {
		kind: 'sqlite',
		users: sqliteUserRepository(db),
		sessions: sqliteSessionRepository(db),
		features: sqliteFeatureRepository(db),
		audit: sqliteAuditRepository(db),
		projects: sqliteProjectRepository(db),
		settings: sqliteSettingsRepository(db),
		async schemaVersion() {
			return db.pragma('user_version', { simple: true }) as number;
		},
		async close() {
			if (db.open) db.close();
		}
	};
}
