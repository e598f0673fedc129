import { json } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit/context';
import { requireCapability } from '$lib/server/auth/handle';
import { hashPassword, randomPassword } from '$lib/server/auth/password';
import { api } from '$lib/server/http/errors';
import { readJson } from '$lib/server/http/body';
import { getRepository } from '$lib/server/repo';
import { parseOr400, userCreateSchema } from '$lib/server/schemas';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ locals }) => {
	requireCapability(locals, 'user:manage');
	return json({ users: await getRepository().users.list() }, { headers: { 'cache-control': 'no-store' } });
});

/** `{ username, displayName, role, password? }`; without password a one-time password is returned once. */
export const POST: RequestHandler = api(async (event) => {
	requireCapability(event.locals, 'user:manage');
	const body = parseOr400(userCreateSchema, await readJson(event.request));
	const temporaryPassword = body.password ? undefined : randomPassword();
	const user = await getRepository().users.create(
		{
			username: body.username,
			displayName: body.displayName,
			role: body.role,
			passwordHash: await hashPassword(body.password ?? temporaryPassword!),
			mustChangePassword: !body.password
		},
		auditContext(event)
	);
	return json(
		{ user, ...(temporaryPassword ? { temporaryPassword } : {}) },
		{ status: 201, headers: { 'cache-control': 'no-store' } }
	);
});
