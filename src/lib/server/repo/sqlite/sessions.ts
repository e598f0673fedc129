import type Database from 'better-sqlite3';
import { AUDIT_ACTIONS } from '../../audit/actions';
import type { SessionRepository } from '../types';
import { SESSION_USER_SELECT, toSessionWithUser, type SessionUserRow } from '../rows';
import { writeAudit } from './audit';

export function sqliteSessionRepository(db: Database.Database): SessionRepository {
	const getStmt = db.prepare(
		`${SESSION_USER_SELECT}
		 WHERE s.id_hash = ? AND s.expires_at > ? AND s.absolute_expires_at > ? AND u.disabled = 0`
	);
	return {
		async create(s, ctx) {
			db.transaction(() => {
				db.prepare(
					`INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, absolute_expires_at, ip)
					 VALUES (?, ?, ?, ?, ?, ?, ?)`
				).run(
					s.idHash,
					s.userId,
					s.createdAt,
					s.lastSeenAt,
					s.expiresAt,
					s.absoluteExpiresAt,
					ctx.ip ?? null
				);
				writeAudit(
					db,
					{ action: AUDIT_ACTIONS.loginOk, entityType: 'user', entityId: String(s.userId) },
					ctx
				);
			}).immediate();
		},
		async getValid(idHash, now) {
			const r = getStmt.get(idHash, now, now) as SessionUserRow | undefined;
			if (!r) return null;
			return toSessionWithUser(r);
		},
		async touch(idHash, lastSeenAt, expiresAt) {
			db.prepare(
				'UPDATE sessions SET last_seen_at = ?, expires_at = min(?, absolute_expires_at) WHERE id_hash = ?'
			).run(lastSeenAt, expiresAt, idHash);
		},
		async delete(idHash, ctx) {
			db.transaction(() => {
				const row = db.prepare('SELECT user_id FROM sessions WHERE id_hash = ?').get(idHash) as
					{ user_id: number } | undefined;
				db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
				if (row && ctx)
					writeAudit(
						db,
						{ action: AUDIT_ACTIONS.logout, entityType: 'user', entityId: String(row.user_id) },
						ctx
					);
			}).immediate();
		},
		async deleteForUser(userId, exceptIdHash) {
			return db
				.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash != ?')
				.run(userId, exceptIdHash ?? '').changes;
		},
		async purgeExpired(now) {
			return db
				.prepare('DELETE FROM sessions WHERE expires_at <= ? OR absolute_expires_at <= ?')
				.run(now, now).changes;
		}
	};
}
