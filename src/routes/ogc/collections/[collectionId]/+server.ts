import { can } from '$lib/server/auth/handle';
import { collection, ogc } from '$lib/server/ogc/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ogc(async ({ url, locals, params }) =>
	collection(url, params.collectionId, { readAll: can(locals, 'feature:read_all') })
);
