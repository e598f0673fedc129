import { AUDIT_ACTIONS } from '../../audit/actions';
import type { Setting, SettingsRepository } from '../types';
import { writeAudit } from './audit';
import { q, writeTx, type PgHandle } from './db';

interface Row {
	key: string;
	value: unknown;
	version: number;
	updated_by: number | null;
	updated_at: string;
}

const toSetting = <T>(r: Row): Setting<T> => ({
	key: r.key,
	value: r.value as T,
	version: r.version,
	updatedBy: r.updated_by,
	updatedAt: r.updated_at
});

export function pgSettingsRepository(h: PgHandle): SettingsRepository {
	return {
		async get<T>(key: string) {
			const r = (await q<Row>(h, 'SELECT * FROM settings WHERE key = $1', [key]))[0];
			return r ? toSetting<T>(r) : null;
		},
		async put<T>(
			key: string,
			value: T,
			expectedVersion: number,
			ctx: Parameters<SettingsRepository['put']>[3]
		) {
			return writeTx(h, async (c) => {
				const row = (await c.query('SELECT * FROM settings WHERE key = $1 FOR UPDATE', [key])).rows[0] as
					Row | undefined;
				const before = row ? toSetting<T>(row) : null;
				if ((before?.version ?? 0) !== expectedVersion) {
					if (!before) return { ok: false as const, reason: 'not_found' as const };
					return { ok: false as const, reason: 'conflict' as const, current: before };
				}
				const now = new Date().toISOString();
				const r = before
					? await c.query(
							'UPDATE settings SET value = $1, version = version + 1, updated_by = $2, updated_at = $3 WHERE key = $4 AND version = $5 RETURNING *',
							[JSON.stringify(value), ctx.actorId, now, key, expectedVersion]
						)
					: await c.query(
							'INSERT INTO settings (key, value, version, updated_by, updated_at) VALUES ($1, $2, 1, $3, $4) RETURNING *',
							[key, JSON.stringify(value), ctx.actorId, now]
						);
				const after = toSetting<T>(r.rows[0] as Row);
				await writeAudit(
					c,
					{ action: AUDIT_ACTIONS.settingsUpdate, entityType: 'settings', entityId: key, before, after },
					ctx
				);
				return { ok: true as const, value: after };
			});
		}
	};
}
