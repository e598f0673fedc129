import { api, ApiError } from '$lib/server/http/errors';
import { readDemRecord } from '$lib/server/terrain/dem';
import type { RequestHandler } from './$types';

/** What DEM this installation has (name, source, synthetic flag, extent, who loaded it and when). */
export const GET: RequestHandler = api(async ({ locals }) => {
	const rec = await readDemRecord();
	if (!rec)
		throw new ApiError(404, 'DEM_MISSING', 'Esta instalación aún no tiene un modelo de elevación (DEM).');
	// who uploaded it is personal data: staff only
	const { uploadedBy, ...pub } = rec;
	return Response.json(locals.user ? { ...pub, uploadedBy } : pub, {
		headers: { 'cache-control': 'no-cache' }
	});
});
