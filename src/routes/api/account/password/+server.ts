import { json } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit/context';
import { changeOwnPassword } from '$lib/server/auth/account';
import { requireCapability } from '$lib/server/auth/handle';
import { api } from '$lib/server/http/errors';
import { readJson } from '$lib/server/http/body';
import { parseOr400, passwordChangeSchema } from '$lib/server/schemas';
import type { RequestHandler } from './$types';

/** `{ currentPassword, newPassword }` → 200; other sessions of the user are ended, this one is renewed. */
export const POST: RequestHandler = api(async (event) => {
	const user = requireCapability(event.locals, 'account:self');
	const body = parseOr400(passwordChangeSchema, await readJson(event.request));
	await changeOwnPassword(
		user.id,
		body.currentPassword,
		body.newPassword,
		event.cookies,
		event.url,
		auditContext(event)
	);
	return json({ ok: true });
});
