import { json } from '@sveltejs/kit';
import { can } from '$lib/server/auth/handle';
import { api, ApiError } from '$lib/server/http/errors';
import { createFeature, params } from '$lib/server/http/features';
import { getRepository } from '$lib/server/repo';
import type { FeatureStatus } from '$lib/server/repo/types';
import { featureListQuerySchema, parseOr400 } from '$lib/server/schemas';
import type { RequestHandler } from './$types';

/** GeoJSON FeatureCollection of a layer. Anonymous (`publico`) and roles without read_all get only `publicado`. */
export const GET: RequestHandler = api(async (event) => {
	const { layer } = params(event);
	const q = parseOr400(featureListQuerySchema, Object.fromEntries(event.url.searchParams), 'INVALID_QUERY');
	const all = can(event.locals, 'feature:read_all');
	let statuses: FeatureStatus[] = all ? ['borrador', 'publicado'] : ['publicado'];
	if (q.status) {
		if (!statuses.includes(q.status))
			throw new ApiError(403, 'FORBIDDEN', 'Su rol no permite ver borradores.');
		statuses = [q.status];
	}
	const page = await getRepository().features.list({
		layer,
		statuses,
		bbox: q.bbox,
		limit: q.limit,
		offset: q.offset
	});
	const next = q.offset + page.features.length < page.numberMatched ? q.offset + page.features.length : null;
	return json(
		{
			type: 'FeatureCollection',
			layer,
			features: page.features,
			numberMatched: page.numberMatched,
			numberReturned: page.features.length,
			limit: q.limit,
			offset: q.offset,
			nextOffset: next
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
});

export const POST: RequestHandler = api(createFeature);
