/**
 * Shader warm-up. MapLibre compiles a WebGL program the first time a layer with a given set of data-driven
 * paint properties is drawn, and the compile + link blocks the main thread (in headless Chromium with
 * SwiftShader: 100–250 ms per program). Without a warm-up the first frame that shows real work polygons
 * (after the overview points) and the first frame of a vertex edit (terra-draw's layers) are each one long
 * task of 200–450 ms (docs/benchmarks.md "Scale").
 *
 * After the map is idle, each layer of `layerIds` is cloned (same type, paint and layout, so the same program)
 * onto a tiny GeoJSON source placed just outside the bottom-right corner of the canvas — inside a drawn tile,
 * outside the visible pixels — one layer per frame, so each compile is its own short task; then the clones
 * and the source are removed. Nothing is visible and the real layers are untouched.
 */
import type { LayerSpecification, Map as MlMap } from 'maplibre-gl';

const SOURCE = 'yaku-warm';

function waitIdle(map: MlMap): Promise<void> {
	return new Promise((r) => {
		map.once('idle', () => r());
		map.triggerRepaint();
	});
}

/** Polygon, line and point a few pixels beyond the bottom-right corner of the canvas. */
function warmFeatures(map: MlMap): GeoJSON.FeatureCollection {
	const c = map.getCanvas();
	const x = c.clientWidth + 3;
	const y = c.clientHeight + 3;
	const at = (dx: number, dy: number): [number, number] => {
		const ll = map.unproject([x + dx, y + dy]);
		return [ll.lng, ll.lat];
	};
	// what the works style and terra-draw's layers read (avoids "null" warnings; the values are never seen)
	const props = {
		type: 'forestacion',
		state: 'propuesta',
		name: '',
		status: 'publicado',
		zIndex: 0,
		pointColor: '#000000',
		pointOpacity: 0,
		pointWidth: 1,
		pointOutlineColor: '#000000',
		pointOutlineWidth: 0,
		pointOutlineOpacity: 0,
		polygonFillColor: '#000000',
		polygonFillOpacity: 0,
		polygonOutlineColor: '#000000',
		polygonOutlineWidth: 1,
		polygonOutlineOpacity: 0,
		lineStringColor: '#000000',
		lineStringWidth: 1,
		lineStringOpacity: 0
	};
	return {
		type: 'FeatureCollection',
		features: [
			{
				type: 'Feature',
				properties: props,
				geometry: { type: 'Polygon', coordinates: [[at(0, 0), at(2, 0), at(2, 2), at(0, 2), at(0, 0)]] }
			},
			{
				type: 'Feature',
				properties: props,
				geometry: { type: 'LineString', coordinates: [at(0, 0), at(2, 2)] }
			},
			{ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: at(1, 1) } }
		]
	};
}

/**
 * Compiles the programs of `layerIds` (fill, line, circle layers; others are skipped) one per frame.
 * Resolves when done; never throws (a failed warm-up only means a slower first frame later).
 */
export async function warmLayerPrograms(map: MlMap, layerIds: string[], signal?: AbortSignal): Promise<void> {
	const specs = (map.getStyle()?.layers ?? []).filter(
		(l): l is Extract<LayerSpecification, { type: 'fill' | 'line' | 'circle' }> =>
			layerIds.includes(l.id) && (l.type === 'fill' || l.type === 'line' || l.type === 'circle')
	);
	if (!specs.length) return;
	try {
		if (map.getSource(SOURCE)) return;
		map.addSource(SOURCE, { type: 'geojson', data: warmFeatures(map) });
		for (const [i, l] of specs.entries()) {
			if (signal?.aborted) break;
			const id = `${SOURCE}-${i}`;
			const clone = { ...l, id, source: SOURCE } as LayerSpecification & { filter?: unknown };
			delete clone.filter;
			delete (clone as { 'source-layer'?: string })['source-layer'];
			delete (clone as { minzoom?: number }).minzoom;
			delete (clone as { maxzoom?: number }).maxzoom;
			clone.layout = { ...(l.layout ?? {}), visibility: 'visible' } as typeof clone.layout;
			map.addLayer(clone);
			await waitIdle(map);
			map.removeLayer(id);
		}
	} catch {
		/* map removed or style changed meanwhile */
	} finally {
		try {
			for (const l of map.getStyle()?.layers ?? []) if (l.id.startsWith(`${SOURCE}-`)) map.removeLayer(l.id);
			if (map.getSource(SOURCE)) map.removeSource(SOURCE);
		} catch {
			/* ignore */
		}
	}
}
