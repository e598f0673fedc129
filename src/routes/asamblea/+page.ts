import type { LayerInfo } from '$lib/geo/layerKinds';
import type { PageLoad } from './$types';

/** The same layer catalogue as the main map (everything is served locally: works offline). */
export const load: PageLoad = async ({ fetch }) => {
	try {
		const res = await fetch('/api/layers');
		if (!res.ok) return { layers: [] as LayerInfo[], layersError: `HTTP_${res.status}` };
		const body = (await res.json()) as { layers?: LayerInfo[] };
		return { layers: body.layers ?? [], layersError: null };
	} catch {
		return { layers: [] as LayerInfo[], layersError: 'NETWORK_ERROR' };
	}
};
