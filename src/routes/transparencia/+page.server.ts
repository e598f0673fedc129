import { getRepository } from '$lib/server/repo';
import { buildTransparency } from '$lib/server/review/reports';
import type { PageServerLoad } from './$types';

/** Public (no login): the same data as GET /api/transparency. */
export const load: PageServerLoad = async ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'public, max-age=60' });
	return { t: await buildTransparency(getRepository()) };
};
