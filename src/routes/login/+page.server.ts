import { redirect } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit/context';
import { login } from '$lib/server/auth/login';
import { formFail, formObject, parseForm, safeNext } from '$lib/server/http/forms';
import { getRepository } from '$lib/server/repo';
import { loginSchema } from '$lib/server/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next'), '') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = formObject(await event.request.formData());
		const parsed = parseForm(loginSchema, form);
		if (!parsed.ok) return parsed.failure;
		const r = await login(
			getRepository(),
			parsed.data.username,
			parsed.data.password,
			event.cookies,
			event.url,
			auditContext(event)
		);
		if (!r.ok)
			return formFail(r.code === 'RATE_LIMITED' ? 429 : 401, r.code, r.message, {
				username: parsed.data.username
			});
		const next = safeNext(form.next || event.url.searchParams.get('next'));
		redirect(303, r.user.mustChangePassword ? '/cuenta?cambio=obligatorio' : next);
	}
};
