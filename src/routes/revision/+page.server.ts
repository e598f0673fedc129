import { error } from '@sveltejs/kit';
import { can } from '$lib/server/auth/handle';
import { reviewQueue } from '$lib/server/review/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!can(locals, 'feature:read_all')) error(403, 'Su rol no permite ver la cola de revisión.');
	return { queue: await reviewQueue(), role: locals.user?.role ?? 'publico' };
};
