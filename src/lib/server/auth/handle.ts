import { redirect, type Handle, type RequestEvent } from '@sveltejs/kit';
import { getRepository } from '../repo';
import { ApiError, jsonError } from '../http/errors';
import { decide, requirementFor } from './policy';
import { roleCan, type Capability } from './roles';
import {
	clearSessionCookie,
	hashToken,
	roleOf,
	SESSION_COOKIE,
	sessionTimes,
	toSessionUser,
	type SessionUser
} from './session';

/** Touch a session (slide its idle expiry) at most this often, to keep reads read-only. */
const TOUCH_EVERY_MS = 5 * 60_000;

/** Resolves the session cookie into `event.locals.user` / `event.locals.session` (null when anonymous). */
export const sessionHandle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const repo = getRepository();
		const nowMs = Date.now();
		const found = await repo.sessions.getValid(hashToken(token), new Date(nowMs).toISOString());
		if (found) {
			event.locals.user = toSessionUser(found.user);
			event.locals.session = { idHash: found.session.idHash, expiresAt: found.session.expiresAt };
			if (nowMs - Date.parse(found.session.lastSeenAt) > TOUCH_EVERY_MS) {
				const expires = new Date(nowMs + sessionTimes().idleMs).toISOString();
				await repo.sessions.touch(found.session.idHash, new Date(nowMs).toISOString(), expires);
			}
		} else {
			clearSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};

function wantsHtml(event: RequestEvent): boolean {
	return (
		!event.url.pathname.startsWith('/api/') &&
		(event.request.headers.get('accept') ?? '').includes('text/html')
	);
}

/** While a user must change their password, only these paths work (reads of the API stay allowed). */
const PASSWORD_CHANGE_ALLOWED = /^\/(cuenta|logout|login)(\/|$)|^\/api\/(session|account)(\/|$)/;

/** Coarse, route-level authorization (every handler checks again with `requireCapability`). */
export const authorizeHandle: Handle = async ({ event, resolve }) => {
	const method = event.request.method;
	const decision = decide(requirementFor(method, event.url.pathname), roleOf(event.locals.user));
	if (decision === 'allow') {
		const u = event.locals.user;
		if (u?.mustChangePassword && !PASSWORD_CHANGE_ALLOWED.test(event.url.pathname)) {
			if (method === 'GET' && wantsHtml(event)) redirect(303, '/cuenta?cambio=obligatorio');
			if (method !== 'GET' && method !== 'HEAD')
				return jsonError(403, 'PASSWORD_CHANGE_REQUIRED', 'Cambie su contraseña antes de continuar.');
		}
		return resolve(event);
	}
	if (decision === 'unauthenticated') {
		if (method === 'GET' && wantsHtml(event))
			redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		return jsonError(401, 'UNAUTHENTICATED', 'Inicie sesión para continuar.');
	}
	return jsonError(403, 'FORBIDDEN', 'Su rol no permite esta acción.');
};

/** Throws 401/403 ApiError unless the signed-in user has `cap`. Returns the user. */
export function requireCapability(
	locals: App.Locals,
	...caps: Capability[]
): SessionUser & { role: SessionUser['role'] } {
	const user = locals.user;
	if (!user) throw new ApiError(401, 'UNAUTHENTICATED', 'Inicie sesión para continuar.');
	if (!caps.some((c) => roleCan(user.role, c)))
		throw new ApiError(403, 'FORBIDDEN', 'Su rol no permite esta acción.');
	return user;
}

export function can(locals: App.Locals, cap: Capability): boolean {
	return roleCan(roleOf(locals.user), cap);
}
