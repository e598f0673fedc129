import { AUDIT_ACTIONS } from '../../audit/actions';
import { RepoError, type UserRepository } from '../types';
import { userSnapshot as snapshot, withHash, toUser, type UserRow } from '../rows';
import { writeAudit } from './audit';
import { q, writeTx, type PgHandle } from './db';

export function pgUserRepository(h: PgHandle): UserRepository {
	const byId = async (id: number) => (await q<UserRow>(h, 'SELECT * FROM users WHERE id = $1', [id]))[0];
	return {
		async count() {
			return (await q<{ n: number }>(h, 'SELECT count(*)::int AS n FROM users'))[0]!.n;
		},
		async countAdmins() {
			return (
				await q<{ n: number }>(
					h,
					"SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND disabled = 0"
				)
			)[0]!.n;
		},
		async list() {
			// SQLite orders by the NOCASE column.
			return (await q<UserRow>(h, 'SELECT * FROM users ORDER BY lower(username), id')).map(toUser);
		},
		async get(id) {
			const r = await byId(id);
			return r ? toUser(r) : null;
		},
		async getWithHash(id) {
			const r = await byId(id);
			return r ? withHash(r) : null;
		},
		async getByUsernameWithHash(username) {
			const r = (await q<UserRow>(h, 'SELECT * FROM users WHERE lower(username) = lower($1)', [username]))[0];
			return r ? withHash(r) : null;
		},
		async create(input, ctx) {
			return writeTx(h, async (c) => {
				const exists = (
					await c.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [input.username])
				).rows[0];
				if (exists) throw new RepoError('USERNAME_TAKEN', 'Ese nombre de usuario ya existe.');
				const now = new Date().toISOString();
				const r = (
					await c.query(
						`INSERT INTO users (username, display_name, role, password_hash, must_change_password,
						 created_at, updated_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING *`,
						[
							input.username,
							input.displayName,
							input.role,
							input.passwordHash,
							input.mustChangePassword ? 1 : 0,
							now
						]
					)
				).rows[0] as UserRow;
				const user = toUser(r);
				await writeAudit(
					c,
					{
						action: AUDIT_ACTIONS.userCreate,
						entityType: 'user',
						entityId: String(user.id),
						after: snapshot(user)
					},
					ctx
				);
				return user;
			});
		},
		async update(id, patch, ctx, expectedVersion, action) {
			return writeTx(h, async (c) => {
				const row = (await c.query('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id])).rows[0] as
					UserRow | undefined;
				if (!row) return { ok: false as const, reason: 'not_found' as const };
				const before = toUser(row);
				if (expectedVersion !== undefined && before.version !== expectedVersion)
					return { ok: false as const, reason: 'conflict' as const, current: before };
				const losesAdmin =
					before.role === 'admin' &&
					!before.disabled &&
					((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
				if (losesAdmin) {
					const n = Number(
						(
							await c.query(
								"SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id != $1",
								[id]
							)
						).rows[0].n
					);
					if (n === 0)
						throw new RepoError(
							'LAST_ADMIN',
							'No se puede quitar el rol ni desactivar al último administrador activo.'
						);
				}
				const now = new Date().toISOString();
				const r = (
					await c.query(
						`UPDATE users SET
						 display_name = coalesce($2, display_name),
						 role = coalesce($3, role),
						 disabled = coalesce($4, disabled),
						 password_hash = coalesce($5, password_hash),
						 must_change_password = coalesce($6, must_change_password),
						 password_changed_at = CASE WHEN $5::text IS NULL THEN password_changed_at ELSE $7 END,
						 updated_at = $7, version = version + 1
						 WHERE id = $1 RETURNING *`,
						[
							id,
							patch.displayName ?? null,
							patch.role ?? null,
							patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
							patch.passwordHash ?? null,
							patch.mustChangePassword === undefined ? null : patch.mustChangePassword ? 1 : 0,
							now
						]
					)
				).rows[0] as UserRow;
				const after = toUser(r);
				if (patch.disabled === true || patch.passwordHash !== undefined)
					await c.query('DELETE FROM sessions WHERE user_id = $1', [id]);
				await writeAudit(
					c,
					{
						action: action ?? AUDIT_ACTIONS.userUpdate,
						entityType: 'user',
						entityId: String(id),
						before: snapshot(before),
						after: { ...snapshot(after), passwordChanged: patch.passwordHash !== undefined }
					},
					ctx
				);
				return { ok: true as const, value: after };
			});
		}
	};
}
