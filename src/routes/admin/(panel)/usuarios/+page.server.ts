import { z } from 'zod';
import { AUDIT_ACTIONS } from '$lib/server/audit/actions';
import { auditContext } from '$lib/server/audit/context';
import { hashPassword, randomPassword } from '$lib/server/auth/password';
import { formFail, formObject, parseForm, requirePage } from '$lib/server/http/forms';
import { getRepository } from '$lib/server/repo';
import { RepoError } from '$lib/server/repo/types';
import { displayNameSchema, idSchema, roleSchema, userCreateSchema } from '$lib/server/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requirePage(locals, 'user:manage');
	return { users: await getRepository().users.list() };
};

const updateForm = z.object({
	id: idSchema,
	version: z.coerce.number().int().positive(),
	displayName: displayNameSchema,
	role: roleSchema,
	disabled: z.enum(['0', '1']).transform((v) => v === '1')
});
const resetForm = z.object({ id: idSchema, version: z.coerce.number().int().positive() });

function repoFail(e: unknown) {
	if (e instanceof RepoError) return formFail(409, e.code, e.message);
	throw e;
}

export const actions: Actions = {
	create: async (event) => {
		requirePage(event.locals, 'user:manage');
		const raw = formObject(await event.request.formData());
		const parsed = parseForm(userCreateSchema, { ...raw, password: raw.password || undefined });
		if (!parsed.ok) return parsed.failure;
		const temporaryPassword = parsed.data.password ? undefined : randomPassword();
		try {
			const user = await getRepository().users.create(
				{
					username: parsed.data.username,
					displayName: parsed.data.displayName,
					role: parsed.data.role,
					passwordHash: await hashPassword(parsed.data.password ?? temporaryPassword!),
					mustChangePassword: !parsed.data.password
				},
				auditContext(event)
			);
			return { ok: true, action: 'create', username: user.username, temporaryPassword };
		} catch (e) {
			return repoFail(e);
		}
	},
	update: async (event) => {
		requirePage(event.locals, 'user:manage');
		const parsed = parseForm(updateForm, formObject(await event.request.formData()));
		if (!parsed.ok) return parsed.failure;
		const { id, version, ...patch } = parsed.data;
		try {
			const r = await getRepository().users.update(id, patch, auditContext(event), version);
			if (!r.ok)
				return formFail(
					r.reason === 'conflict' ? 409 : 404,
					r.reason === 'conflict' ? 'VERSION_CONFLICT' : 'USER_NOT_FOUND',
					r.reason === 'conflict'
						? 'Otra persona cambió este usuario. Recargue la página.'
						: 'No existe ese usuario.'
				);
			return { ok: true, action: 'update', username: r.value.username };
		} catch (e) {
			return repoFail(e);
		}
	},
	reset: async (event) => {
		requirePage(event.locals, 'user:manage');
		const parsed = parseForm(resetForm, formObject(await event.request.formData()));
		if (!parsed.ok) return parsed.failure;
		const temporaryPassword = randomPassword();
		const r = await getRepository().users.update(
			parsed.data.id,
			{ passwordHash: await hashPassword(temporaryPassword), mustChangePassword: true },
			auditContext(event),
			parsed.data.version,
			AUDIT_ACTIONS.userPasswordReset
		);
		if (!r.ok)
			return formFail(409, 'VERSION_CONFLICT', 'Otra persona cambió este usuario. Recargue la página.');
		return { ok: true, action: 'reset', username: r.value.username, temporaryPassword };
	}
};
