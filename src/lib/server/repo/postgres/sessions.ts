import { AUDIT_ACTIONS } from '../../audit/actions';
import type { SessionRepository, User } from '../types';
import { writeAudit } from './audit';
import { q, writeTx, type PgHandle } from './db';

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

export function pgSessionRepository(h: PgHandle): SessionRepository {
	return {
		async create(s, ctx) {
			await writeTx(h, async (c) => {
				await c.query(
					`INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, absolute_expires_at, ip)
					 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
					[s.idHash, s.userId, s.createdAt, s.lastSeenAt, s.expiresAt, s.absoluteExpiresAt, ctx.ip ?? null]
				);
				await writeAudit(
					c,
					{ action: AUDIT_ACTIONS.loginOk, entityType: 'user', entityId: String(s.userId) },
					ctx
				);
			});
		},
		async getValid(idHash, now) {
			const r = (
				await q<Row>(
					h,
					`SELECT s.*, u.id AS u_id, u.username, u.display_name, u.role, u.disabled, u.must_change_password,
					 u.created_at AS u_created_at, u.updated_at AS u_updated_at, u.password_changed_at, u.version
					 FROM sessions s JOIN users u ON u.id = s.user_id
					 WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.absolute_expires_at > $2 AND u.disabled = 0`,
					[idHash, now]
				)
			)[0];
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
			await q(
				h,
				'UPDATE sessions SET last_seen_at = $1, expires_at = least($2, absolute_expires_at) WHERE id_hash = $3',
				[lastSeenAt, expiresAt, idHash]
			);
		},
		async delete(idHash, ctx) {
			await writeTx(h, async (c) => {
				const row = (await c.query('DELETE FROM sessions WHERE id_hash = $1 RETURNING user_id', [idHash]))
					.rows[0] as { user_id: number } | undefined;
				if (row && ctx)
					await writeAudit(
						c,
						{ action: AUDIT_ACTIONS.logout, entityType: 'user', entityId: String(row.user_id) },
						ctx
					);
			});
		},
		async deleteForUser(userId, exceptIdHash) {
			const r = await writeTx(h, (c) =>
				c.query('DELETE FROM sessions WHERE user_id = $1 AND id_hash != $2', [userId, exceptIdHash ?? ''])
			);
			return r.rowCount ?? 0;
		},
		async purgeExpired(now) {
			const r = await writeTx(h, (c) =>
				c.query('DELETE FROM sessions WHERE expires_at <= $1 OR absolute_expires_at <= $1', [now])
			);
			return r.rowCount ?? 0;
		}
	};
}
