import { can } from '$lib/server/auth/handle';
import { collections, ogc } from '$lib/server/ogc/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ogc(async ({ url, locals }) =>
	collections(url, { readAll: can(locals, 'feature:read_all') })
);
