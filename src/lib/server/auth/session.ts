import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { AccountRole, Role } from './roles';
import type { Repository, User } from '../repo/types';

export const SESSION_COOKIE = 'yaku_session';

/** What `event.locals.user` holds for a signed-in user (null for anonymous = role `publico`). */
export interface SessionUser {
	id: number;
	username: string;
	displayName: string;
	role: AccountRole;
	mustChangePassword: boolean;
}

export function toSessionUser(u: User): SessionUser {
	return {
		id: u.id,
		username: u.username,
		displayName: u.displayName,
		role: u.role,
		mustChangePassword: u.mustChangePassword
	};
}

export function roleOf(user: SessionUser | null | undefined): Role {
	return user?.role ?? 'publico';
}

function hours(env: string | undefined, dflt: number): number {
	const n = Number(env);
	return Number.isFinite(n) && n > 0 ? n : dflt;
}

/** Idle timeout (`YAKU_SESSION_IDLE_HOURS`, default 12 h, sliding) and absolute lifetime (`YAKU_SESSION_MAX_HOURS`, default 168 h). */
export function sessionTimes(env: Record<string, string | undefined> = process.env) {
	return {
		idleMs: hours(env.YAKU_SESSION_IDLE_HOURS, 12) * 3600_000,
		maxMs: hours(env.YAKU_SESSION_MAX_HOURS, 168) * 3600_000
	};
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export function newSessionToken(): string {
	return randomBytes(32).toString('base64url');
}

export function setSessionCookie(cookies: Cookies, token: string, url: URL, expires: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		// Secure whenever served over https; a LAN install over http (community hall) must still work.
		secure: url.protocol === 'https:',
		expires
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
}

/** Creates a session row (and its `auth.login` audit row) and sets the cookie. */
export async function startSession(
	repo: Repository,
	user: User,
	cookies: Cookies,
	url: URL,
	ctx: Parameters<Repository['sessions']['create']>[1]
): Promise<void> {
	const token = newSessionToken();
	const now = Date.now();
	const { idleMs, maxMs } = sessionTimes();
	const absolute = new Date(now + maxMs);
	const expires = new Date(Math.min(now + idleMs, absolute.getTime()));
	await repo.sessions.create(
		{
			idHash: hashToken(token),
			userId: user.id,
			createdAt: new Date(now).toISOString(),
			lastSeenAt: new Date(now).toISOString(),
			expiresAt: expires.toISOString(),
			absoluteExpiresAt: absolute.toISOString()
		},
		{ ...ctx, actorId: user.id, actorUsername: user.username, actorRole: user.role }
	);
	setSessionCookie(cookies, token, url, absolute);
}
