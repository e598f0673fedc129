import type { LayerInfo } from '$lib/geo/layerKinds';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => {
	const id = Number(params.id);
	let layers: LayerInfo[] = [];
	try {
		const res = await fetch('/api/layers');
		if (res.ok) layers = ((await res.json()) as { layers?: LayerInfo[] }).layers ?? [];
	} catch {
		/* the acta still lists the proposals without reference layers */
	}
	return { id: Number.isInteger(id) && id > 0 ? id : 0, layers };
};
