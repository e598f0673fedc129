import { api } from '$lib/server/http/errors';
import { readDemRecord } from '$lib/server/terrain/dem';
import type { RequestHandler } from './$types';

/**
 * What DEM this installation has: `{ dem: null }` (a new installation — a normal state, not an error) or
 * `{ dem: { name, source, synthetic, extent, … } }`; who loaded it is shown to signed-in users only.
 */
export const GET: RequestHandler = api(async ({ locals }) => {
	const rec = await readDemRecord();
	const headers = { 'cache-control': 'no-cache' };
	if (!rec) return Response.json({ dem: null }, { headers });
	const { uploadedBy, ...pub } = rec;
	return Response.json({ dem: locals.user ? { ...pub, uploadedBy } : pub }, { headers });
});
