import { json } from '@sveltejs/kit';
import { AUDIT_ACTIONS } from '$lib/server/audit/actions';
import { auditContext } from '$lib/server/audit/context';
import { requireCapability } from '$lib/server/auth/handle';
import { hashPassword } from '$lib/server/auth/password';
import { api, ApiError } from '$lib/server/http/errors';
import { readJson } from '$lib/server/http/body';
import { getRepository } from '$lib/server/repo';
import { idSchema, parseOr400, userPatchSchema } from '$lib/server/schemas';
import type { RequestHandler } from './$types';

function userId(raw: string): number {
	const r = idSchema.safeParse(raw);
	if (!r.success) throw new ApiError(404, 'USER_NOT_FOUND', 'No existe ese usuario.');
	return r.data;
}

export const GET: RequestHandler = api(async ({ locals, params }) => {
	requireCapability(locals, 'user:manage');
	const u = await getRepository().users.get(userId(params.id));
	if (!u) throw new ApiError(404, 'USER_NOT_FOUND', 'No existe ese usuario.');
	return json(u, { headers: { 'cache-control': 'no-store' } });
});

/** `{ version, displayName?, role?, disabled?, password? }` (password = admin reset; forces a change). */
export const PATCH: RequestHandler = api(async (event) => {
	requireCapability(event.locals, 'user:manage');
	const id = userId(event.params.id);
	const body = parseOr400(userPatchSchema, await readJson(event.request));
	const r = await getRepository().users.update(
		id,
		{
			displayName: body.displayName,
			role: body.role,
			disabled: body.disabled,
			...(body.password ? { passwordHash: await hashPassword(body.password), mustChangePassword: true } : {})
		},
		auditContext(event),
		body.version,
		body.password ? AUDIT_ACTIONS.userPasswordReset : AUDIT_ACTIONS.userUpdate
	);
	if (!r.ok) {
		if (r.reason === 'not_found') throw new ApiError(404, 'USER_NOT_FOUND', 'No existe ese usuario.');
		throw new ApiError(
			409,
			'VERSION_CONFLICT',
			'Otra persona cambió este usuario. Recargue y vuelva a intentar.',
			{
				current: r.current
			}
		);
	}
	return json(r.value, { headers: { 'cache-control': 'no-store' } });
});
