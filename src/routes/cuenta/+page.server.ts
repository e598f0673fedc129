import { auditContext } from '$lib/server/audit/context';
import { changeOwnPassword } from '$lib/server/auth/account';
import { ApiError } from '$lib/server/http/errors';
import { formFail, formObject, parseForm, requirePage } from '$lib/server/http/forms';
import { passwordChangeSchema } from '$lib/server/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requirePage(locals, 'account:self');
	return { user, forced: user.mustChangePassword || url.searchParams.get('cambio') === 'obligatorio' };
};

export const actions: Actions = {
	password: async (event) => {
		const user = requirePage(event.locals, 'account:self');
		const parsed = parseForm(passwordChangeSchema, formObject(await event.request.formData()));
		if (!parsed.ok) return parsed.failure;
		try {
			await changeOwnPassword(
				user.id,
				parsed.data.currentPassword,
				parsed.data.newPassword,
				event.cookies,
				event.url,
				auditContext(event)
			);
		} catch (e) {
			if (e instanceof ApiError) return formFail(e.status, e.code, e.message);
			throw e;
		}
		return { ok: true };
	}
};
