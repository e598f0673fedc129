import { redirect } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit/context';
import { clearSessionCookie } from '$lib/server/auth/session';
import { getRepository } from '$lib/server/repo';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({ signedIn: locals.user !== null });

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.session)
			await getRepository().sessions.delete(event.locals.session.idHash, auditContext(event));
		clearSessionCookie(event.cookies, event.url);
		redirect(303, '/');
	}
};
