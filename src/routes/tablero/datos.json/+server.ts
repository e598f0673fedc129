import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/server/auth/handle';
import { api } from '$lib/server/http/errors';
import { getRepository } from '$lib/server/repo';
import { buildDashboard } from '$lib/server/review/reports';
import type { RequestHandler } from './$types';

/** Dashboard data (staff): `?projectId=` (empty = works without project). */
export const GET: RequestHandler = api(async (event) => {
	requireCapability(event.locals, 'feature:read_all');
	const p = event.url.searchParams.get('projectId');
	const d = await buildDashboard(getRepository(), p === null ? undefined : p.slice(0, 64));
	return json(d, { headers: { 'cache-control': 'no-store' } });
});
