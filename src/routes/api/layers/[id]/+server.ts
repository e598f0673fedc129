import { json } from '@sveltejs/kit';
import { getLayer } from '$lib/server/geodata/catalogue';
import type { LayerErrorResponse } from '$lib/geo/layerKinds';
import type { RequestHandler } from './$types';

/**
 * GET /api/layers/[id] → the layer's FeatureCollection (application/geo+json) with an ETag;
 * 304 when If-None-Match matches, 404 LAYER_NOT_FOUND, 503 { code, message } when unavailable.
 */
export const GET: RequestHandler = async ({ params, request }) => {
	const layer = await getLayer(params.id);
	if (!layer.found) {
		const body: LayerErrorResponse = {
			code: 'LAYER_NOT_FOUND',
			message: `No existe la capa «${params.id}».`
		};
		return json(body, { status: 404 });
	}
	if (layer.body === undefined) {
		const body: LayerErrorResponse = {
			code: layer.info.reason ?? 'GEODATA_MISSING',
			message: layer.info.message ?? 'Capa no disponible.'
		};
		return json(body, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
	const headers = { etag: layer.etag, 'cache-control': 'no-cache' };
	const ifNoneMatch = request.headers.get('if-none-match');
	if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === layer.etag)) {
		return new Response(null, { status: 304, headers });
	}
	return new Response(layer.body, {
		headers: { ...headers, 'content-type': 'application/geo+json; charset=utf-8' }
	});
};
