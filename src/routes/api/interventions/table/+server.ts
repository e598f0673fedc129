import { json } from '@sveltejs/kit';
import { can } from '$lib/server/auth/handle';
import { api, ApiError } from '$lib/server/http/errors';
import { tablePage, tableQuerySchema } from '$lib/server/interventions/table';
import { getRepository } from '$lib/server/repo';
import type { FeatureStatus } from '$lib/server/repo/types';
import { parseOr400 } from '$lib/server/schemas/common';
import type { RequestHandler } from './$types';

/**
 * GET /api/interventions/table?sort=&dir=&type=&state=&q=&status=&limit=&offset= — one page of the works
 * table (no geometry; `bbox` for zooming) + `numberMatched` + the filtered set's `totals`. Same visibility
 * as the features list: anonymous and roles without `feature:read_all` see only `publicado`.
 */
export const GET: RequestHandler = api(async (event) => {
	const q = parseOr400(tableQuerySchema, Object.fromEntries(event.url.searchParams), 'INVALID_QUERY');
	const statuses: FeatureStatus[] = can(event.locals, 'feature:read_all')
		? ['borrador', 'publicado']
		: ['publicado'];
	if (q.status && !statuses.includes(q.status))
		throw new ApiError(403, 'FORBIDDEN', 'Su rol no permite ver borradores.');
	const page = await tablePage(getRepository(), statuses, q);
	return json(page, { headers: { 'cache-control': 'no-store' } });
});
