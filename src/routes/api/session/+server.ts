import { json } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit/context';
import { login } from '$lib/server/auth/login';
import { clearSessionCookie, toSessionUser } from '$lib/server/auth/session';
import { CAPABILITIES, roleCan } from '$lib/server/auth/roles';
import { api, jsonError } from '$lib/server/http/errors';
import { readJson } from '$lib/server/http/body';
import { getRepository } from '$lib/server/repo';
import { loginSchema, parseOr400 } from '$lib/server/schemas';
import type { RequestHandler } from './$types';

/** Who am I: `{ user: SessionUser | null, role, capabilities, expiresAt }`. */
export const GET: RequestHandler = api(async ({ locals }) => {
	const role = locals.user?.role ?? 'publico';
	return json(
		{
			user: locals.user,
			role,
			capabilities: CAPABILITIES.filter((c) => roleCan(role, c)),
			expiresAt: locals.session?.expiresAt ?? null
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
});

/** Login with JSON `{ username, password }` → sets the httpOnly session cookie. */
export const POST: RequestHandler = api(async (event) => {
	const body = parseOr400(loginSchema, await readJson(event.request));
	const r = await login(
		getRepository(),
		body.username,
		body.password,
		event.cookies,
		event.url,
		auditContext(event)
	);
	if (!r.ok)
		return jsonError(
			r.code === 'RATE_LIMITED' ? 429 : 401,
			r.code,
			r.message,
			{},
			r.retryAfter ? { 'retry-after': String(r.retryAfter) } : {}
		);
	return json({ user: toSessionUser(r.user) }, { headers: { 'cache-control': 'no-store' } });
});

/** Logout. */
export const DELETE: RequestHandler = api(async (event) => {
	if (event.locals.session)
		await getRepository().sessions.delete(event.locals.session.idHash, auditContext(event));
	clearSessionCookie(event.cookies, event.url);
	return json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
});
