import { can } from '$lib/server/auth/handle';
import { items, ogc } from '$lib/server/ogc/service';
import type { RequestHandler } from './$types';

/** Features of a collection: limit/offset paging, bbox (+ bbox-crs), crs, equality filters on queryables. */
export const GET: RequestHandler = ogc(async ({ url, locals, params }) =>
	items(url, params.collectionId, { readAll: can(locals, 'feature:read_all') })
);
