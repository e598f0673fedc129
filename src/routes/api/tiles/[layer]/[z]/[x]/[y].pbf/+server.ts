import { can } from '$lib/server/auth/handle';
import { api, ApiError } from '$lib/server/http/errors';
import { getTile, isTileLayer, TILE_MAX_ZOOM } from '$lib/server/tiles';
import type { FeatureStatus } from '$lib/server/repo/types';
import type { RequestHandler } from './$types';

/**
 * GET /api/tiles/:layer/:z/:x/:y.pbf → Mapbox Vector Tile (layer name = :layer). Anonymous callers get only
 * `publicado` features; staff with `feature:read_all` get drafts too. 204 for an empty tile.
 */
export const GET: RequestHandler = api(async ({ params, locals, request }) => {
	if (!isTileLayer(params.layer))
		throw new ApiError(404, 'TILE_LAYER_NOT_FOUND', `La capa «${params.layer}» no se sirve en teselas.`);
	const [z, x, y] = [params.z, params.x, params.y].map((s) => (/^\d{1,8}$/.test(s) ? Number(s) : NaN)) as [
		number,
		number,
		number
	];
	if (
		!Number.isInteger(z) ||
		!Number.isInteger(x) ||
		!Number.isInteger(y) ||
		z > 24 ||
		x >= 2 ** z ||
		y >= 2 ** z
	)
		throw new ApiError(400, 'TILE_INVALID', 'Coordenadas de tesela inválidas.');
	const readAll = can(locals, 'feature:read_all');
	const statuses: FeatureStatus[] = readAll ? ['borrador', 'publicado'] : ['publicado'];
	const { body, etag } = await getTile(params.layer, statuses, Math.min(z, 30), x, y);
	const headers: Record<string, string> = {
		etag,
		'cache-control': readAll ? 'private, no-cache' : 'public, max-age=5, must-revalidate',
		vary: 'cookie'
	};
	if (z > TILE_MAX_ZOOM) headers['x-yaku-overzoom'] = String(TILE_MAX_ZOOM);
	const inm = request.headers.get('if-none-match');
	if (inm && inm.split(',').some((t) => t.trim() === etag))
		return new Response(null, { status: 304, headers });
	if (!body) return new Response(null, { status: 204, headers });
	return new Response(body as Uint8Array<ArrayBuffer>, {
		headers: { ...headers, 'content-type': 'application/vnd.mapbox-vector-tile' }
	});
});
