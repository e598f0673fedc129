import { error } from '@sveltejs/kit';
import { roleCan } from '$lib/server/auth/roles';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const u = locals.user;
	if (!u) error(401, { message: 'Inicie sesión para continuar.', code: 'UNAUTHENTICATED' });
	if (!roleCan(u.role, 'user:manage') && !roleCan(u.role, 'audit:read'))
		error(403, { message: 'Su rol no permite esta acción.', code: 'FORBIDDEN' });
	return { me: u };
};
