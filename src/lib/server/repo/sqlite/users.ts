import type Database from 'better-sqlite3';
import { AUDIT_ACTIONS } from '../../audit/actions';
import { RepoError, type UserRepository } from '../types';
import { userSnapshot as snapshot, withHash, toUser, type UserRow } from '../rows';
import { writeAudit } from './audit';

export function sqliteUserRepository(db: Database.Database): UserRepository {
	const byId = db.prepare('SELECT * FROM users WHERE id = ?');
	return {
		async count() {
			return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
		},
		async countAdmins() {
			return (
				db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as {
					n: number;
				}
			).n;
		},
		async list() {
			return (db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
		},
		async get(id) {
			const r = byId.get(id) as UserRow | undefined;
			return r ? toUser(r) : null;
		},
		async getWithHash(id) {
			const r = byId.get(id) as UserRow | undefined;
			return r ? withHash(r) : null;
		},
		async getByUsernameWithHash(username) {
			const r = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
			return r ? withHash(r) : null;
		},
		async create(input, ctx) {
			return db
				.transaction(() => {
					const exists = db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username);
					if (exists) throw new RepoError('USERNAME_TAKEN', 'Ese nombre de usuario ya existe.');
					const now = new Date().toISOString();
					const info = db
						.prepare(
							`INSERT INTO users (username, display_name, role, password_hash, must_change_password,
							 created_at, updated_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
						)
						.run(
							input.username,
							input.displayName,
							input.role,
							input.passwordHash,
							input.mustChangePassword ? 1 : 0,
							now,
							now,
							now
						);
					const user = toUser(byId.get(info.lastInsertRowid) as UserRow);
					writeAudit(
						db,
						{
							action: AUDIT_ACTIONS.userCreate,
							entityType: 'user',
							entityId: String(user.id),
							after: snapshot(user)
						},
						ctx
					);
					return user;
				})
				.immediate();
		},
		async update(id, patch, ctx, expectedVersion, action) {
			return db
				.transaction(() => {
					const row = byId.get(id) as UserRow | undefined;
					if (!row) return { ok: false as const, reason: 'not_found' as const };
					const before = toUser(row);
					if (expectedVersion !== undefined && before.version !== expectedVersion)
						return { ok: false as const, reason: 'conflict' as const, current: before };
					// Never leave the system without an enabled admin.
					const losesAdmin =
						before.role === 'admin' &&
						!before.disabled &&
						((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
					if (losesAdmin) {
						const n = (
							db
								.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?")
								.get(id) as { n: number }
						).n;
						if (n === 0)
							throw new RepoError(
								'LAST_ADMIN',
								'No se puede quitar el rol ni desactivar al último administrador activo.'
							);
					}
					const now = new Date().toISOString();
					db.prepare(
						`UPDATE users SET
						 display_name = coalesce(@display_name, display_name),
						 role = coalesce(@role, role),
						 disabled = coalesce(@disabled, disabled),
						 password_hash = coalesce(@password_hash, password_hash),
						 must_change_password = coalesce(@must_change_password, must_change_password),
						 password_changed_at = CASE WHEN @password_hash IS NULL THEN password_changed_at ELSE @now END,
						 updated_at = @now, version = version + 1
						 WHERE id = @id`
					).run({
						id,
						now,
						display_name: patch.displayName ?? null,
						role: patch.role ?? null,
						disabled: patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
						password_hash: patch.passwordHash ?? null,
						must_change_password:
							patch.mustChangePassword === undefined ? null : patch.mustChangePassword ? 1 : 0
					});
					const after = toUser(byId.get(id) as UserRow);
					if (patch.disabled === true || patch.passwordHash !== undefined) {
						// Disabling or a new password ends the user's sessions (the caller re-creates its own).
						db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
					}
					writeAudit(
						db,
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
				})
				.immediate();
		}
	};
}
