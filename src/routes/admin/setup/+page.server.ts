import { redirect } from '@sveltejs/kit';
import { AUDIT_ACTIONS } from '$lib/server/audit/actions';
import { auditContext } from '$lib/server/audit/context';
import { hashPassword } from '$lib/server/auth/password';
import { startSession } from '$lib/server/auth/session';
import { checkSetupToken, consumeSetupToken } from '$lib/server/auth/setup';
import { formFail, formObject, parseForm } from '$lib/server/http/forms';
import { getRepository } from '$lib/server/repo';
import { RepoError } from '$lib/server/repo/types';
import { setupSchema } from '$lib/server/schemas';
import type { Actions, PageServerLoad } from './$types';

/** One-time creation of the first admin, with the token printed to the server console. */
export const load: PageServerLoad = async ({ url }) => {
	const repo = getRepository();
	if ((await repo.users.countAdmins()) > 0) return { state: 'done' as const, token: '' };
	const token = url.searchParams.get('token') ?? '';
	return { state: checkSetupToken(token) ? ('ready' as const) : ('invalid' as const), token };
};

export const actions: Actions = {
	default: async (event) => {
		const repo = getRepository();
		const parsed = parseForm(setupSchema, formObject(await event.request.formData()));
		if (!parsed.ok) return parsed.failure;
		if ((await repo.users.countAdmins()) > 0 || !checkSetupToken(parsed.data.token))
			return formFail(403, 'SETUP_TOKEN_INVALID', 'El enlace de configuración no es válido o ya se usó.');
		consumeSetupToken();
		let user;
		try {
			user = await repo.users.create(
				{
					username: parsed.data.username,
					displayName: parsed.data.displayName,
					role: 'admin',
					passwordHash: await hashPassword(parsed.data.password)
				},
				{ ...auditContext(event), actorRole: 'system', actorUsername: 'setup' }
			);
		} catch (e) {
			if (e instanceof RepoError) return formFail(409, e.code, e.message);
			throw e;
		}
		await repo.audit.record(
			{ action: AUDIT_ACTIONS.setupAdmin, entityType: 'user', entityId: String(user.id) },
			{ ...auditContext(event), actorId: user.id, actorUsername: user.username, actorRole: 'admin' }
		);
		await startSession(repo, user, event.cookies, event.url, auditContext(event));
		redirect(303, '/admin');
	}
};
