import type Database from 'better-sqlite3';
import { AUDIT_ACTIONS } from '../../audit/actions';
import type { SessionRepository, User } from '../types';
import { writeAudit } from './audit';

interface Row {
	id_hash: string;
	user_id: number;
	created_at: string;
	last_seen_at: string;
	expires_at: string;
	absolute_expires_at: string;
	u_id: number;
	username: string;
	display_name: string;
	role: User['role'];
	disabled: number;
	must_change_password: number;
	u_created_at: string;
	u_updated_at: string;
	password_changed_at: string;
	version: number;
}

export function sqliteSessionRepository(db: Database.Database): SessionRepository {
	const getStmt = db.prepare(
		`SELECT s.*, u.id AS u_id, u.username, u.display_name, u.role, u.disabled, u.must_change_password,
		 u.created_at AS u_created_at, u.updated_at AS u_updated_at, u.password_changed_at, u.version
		 FROM sessions s JOIN users u ON u.id = s.user_id
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
			const r = getStmt.get(idHash, now, now) as Row | undefined;
			if (!r) return null;
			return {
				session: {
					idHash: r.id_hash,
					userId: r.user_id,
					createdAt: r.created_at,
					lastSeenAt: r.last_seen_at,
					expiresAt: r.expires_at,
					absoluteExpiresAt: r.absolute_expires_at
				},
				user: {
					id: r.u_id,
					username: r.username,
					displayName: r.display_name,
					role: r.role,
					disabled: r.disabled === 1,
					mustChangePassword: r.must_change_password === 1,
					createdAt: r.u_created_at,
					updatedAt: r.u_updated_at,
					passwordChangedAt: r.password_changed_at,
					version: r.version
				}
			};
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
