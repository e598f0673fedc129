import type Database from 'better-sqlite3';
import { AUDIT_ACTIONS } from '../../audit/actions';
import type { Setting, SettingsRepository } from '../types';
import { writeAudit } from './audit';

interface Row {
	key: string;
	value: string;
	version: number;
	updated_by: number | null;
	updated_at: string;
}

function toSetting<T>(r: Row): Setting<T> {
	return {
		key: r.key,
		value: JSON.parse(r.value) as T,
		version: r.version,
		updatedBy: r.updated_by,
		updatedAt: r.updated_at
	};
}

export function sqliteSettingsRepository(db: Database.Database): SettingsRepository {
	const getStmt = db.prepare('SELECT * FROM settings WHERE key = ?');
	const getRow = (key: string) => getStmt.get(key) as Row | undefined;
	return {
		async get<T>(key: string) {
			const r = getRow(key);
			return r ? toSetting<T>(r) : null;
		},
		async put<T>(
			key: string,
			value: T,
			expectedVersion: number,
			ctx: Parameters<SettingsRepository['put']>[3]
		) {
			return db
				.transaction(() => {
					const row = getRow(key);
					const before = row ? toSetting<T>(row) : null;
					if ((before?.version ?? 0) !== expectedVersion) {
						if (!before) return { ok: false as const, reason: 'not_found' as const };
						return { ok: false as const, reason: 'conflict' as const, current: before };
					}
					const now = new Date().toISOString();
					if (before)
						db.prepare(
							'UPDATE settings SET value = ?, version = version + 1, updated_by = ?, updated_at = ? WHERE key = ? AND version = ?'
						).run(JSON.stringify(value), ctx.actorId, now, key, expectedVersion);
					else
						db.prepare(
							'INSERT INTO settings (key, value, version, updated_by, updated_at) VALUES (?, ?, 1, ?, ?)'
						).run(key, JSON.stringify(value), ctx.actorId, now);
					const after = toSetting<T>(getRow(key)!);
					writeAudit(
						db,
						{ action: AUDIT_ACTIONS.settingsUpdate, entityType: 'settings', entityId: key, before, after },
						ctx
					);
					return { ok: true as const, value: after };
				})
				.immediate();
		}
	};
}
