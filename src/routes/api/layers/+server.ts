import { json } from '@sveltejs/kit';
import { listLayers } from '$lib/server/geodata/catalogue';
import type { LayerListResponse } from '$lib/geo/layerKinds';
import type { RequestHandler } from './$types';

/** GET /api/layers → { layers: LayerInfo[] } in default draw order. */
export const GET: RequestHandler = async () => {
	const body: LayerListResponse = { layers: await listLayers() };
	return json(body, { headers: { 'cache-control': 'no-cache' } });
};
