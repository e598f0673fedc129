import { can } from '$lib/server/auth/handle';
import { item, ogc } from '$lib/server/ogc/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ogc(async ({ url, locals, params }) =>
	item(url, params.collectionId, params.featureId, { readAll: can(locals, 'feature:read_all') })
);
