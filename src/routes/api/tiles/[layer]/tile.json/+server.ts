import { json } from '@sveltejs/kit';
import { can } from '$lib/server/auth/handle';
import { api, ApiError } from '$lib/server/http/errors';
import { isTileLayer, tileJson } from '$lib/server/tiles';
import type { RequestHandler } from './$types';

/** GET /api/tiles/:layer/tile.json → TileJSON 3.0 + `featureCount`, `threshold`, `useTiles`. */
export const GET: RequestHandler = api(async ({ params, locals, url }) => {
	if (!isTileLayer(params.layer))
		throw new ApiError(404, 'TILE_LAYER_NOT_FOUND', `La capa «${params.layer}» no se sirve en teselas.`);
	const readAll = can(locals, 'feature:read_all');
	const body = await tileJson(params.layer, readAll ? ['borrador', 'publicado'] : ['publicado'], url.origin);
	return json(body, { headers: { 'cache-control': 'private, no-cache', vary: 'cookie' } });
});
