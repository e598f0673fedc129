import { AUDIT_ACTIONS } from '../../audit/actions';
import type { SessionRepository } from '../types';
import { SESSION_USER_SELECT, toSessionWithUser, type SessionUserRow } from '../rows';
import { writeAudit } from './audit';
import { q, writeTx, type PgHandle } from './db';

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
				await q<SessionUserRow>(
					h,
					`${SESSION_USER_SELECT}
					 WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.absolute_expires_at > $2 AND u.disabled = 0`,
					[idHash, now]
				)
			)[0];
			if (!r) return null;
			return toSessionWithUser(r);
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
