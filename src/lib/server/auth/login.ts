import type { Cookies } from '@sveltejs/kit';
import { AUDIT_ACTIONS } from '../audit/actions';
import { loginFailuresByIp, loginFailuresByUser } from '../http/rate-limit';
import type { AuditContext, Repository, User } from '../repo/types';
import { needsRehash, hashPassword, verifyDummy, verifyPassword } from './password';
import { startSession } from './session';

export type LoginResult =
	| { ok: true; user: User }
	| { ok: false; code: 'INVALID_CREDENTIALS' | 'RATE_LIMITED'; message: string; retryAfter?: number };

const INVALID = 'Usuario o contraseña incorrectos.';

/**
 * Password login with failure rate limits per (address, username) and per address. Unknown users cost the
 * same time as known ones. Success creates the session + cookie and writes `auth.login`; a failure writes
 * `auth.login_failed` (bounded by the rate limit).
 */
export async function login(
	repo: Repository,
	username: string,
	password: string,
	cookies: Cookies,
	url: URL,
	ctx: AuditContext
): Promise<LoginResult> {
	const ip = ctx.ip ?? 'unknown';
	const userKey = `${ip}|${username.toLowerCase()}`;
	const wait = Math.max(loginFailuresByUser.blockedFor(userKey), loginFailuresByIp.blockedFor(ip));
	if (wait > 0)
		return {
			ok: false,
			code: 'RATE_LIMITED',
			message: `Demasiados intentos fallidos. Intente de nuevo en ${Math.ceil(wait / 60)} min.`,
			retryAfter: wait
		};
	const user = await repo.users.getByUsernameWithHash(username);
	const good = user ? await verifyPassword(password, user.passwordHash) : await verifyDummy(password);
	if (!user || !good || user.disabled) {
		loginFailuresByUser.hit(userKey);
		loginFailuresByIp.hit(ip);
		await repo.audit.record(
			{
				action: AUDIT_ACTIONS.loginFailed,
				entityType: 'user',
				entityId: user ? String(user.id) : null,
				after: { username: username.slice(0, 64), reason: user?.disabled ? 'disabled' : 'bad_credentials' }
			},
			ctx
		);
		return { ok: false, code: 'INVALID_CREDENTIALS', message: INVALID };
	}
	loginFailuresByUser.reset(userKey);
	const { passwordHash: _h, ...plain } = user;
	if (needsRehash(user.passwordHash)) {
		await repo.users.update(user.id, { passwordHash: await hashPassword(password) }, ctx);
	}
	await startSession(repo, plain, cookies, url, ctx);
	return { ok: true, user: plain };
}
