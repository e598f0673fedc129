import { can } from '$lib/server/auth/handle';
import { ogc, openapi } from '$lib/server/ogc/service';
import type { RequestHandler } from './$types';

/** OpenAPI 3.0 definition of /ogc. */
export const GET: RequestHandler = ogc(async ({ url, locals }) =>
	openapi(url, { readAll: can(locals, 'feature:read_all') })
);
