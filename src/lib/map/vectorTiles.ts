/**
 * Vector-tile source for big editable layers (issue 10). The server says in
 * `GET /api/tiles/<layer>/tile.json` how many features the layer has and whether tiles are advised
 * (`useTiles`: more than `threshold` features). Above the threshold the page draws the layer from MVT
 * tiles (`/api/tiles/<layer>/{z}/{x}/{y}.pbf`) with the SAME style as the GeoJSON layer, instead of
 * downloading every feature. Works on a MapController's `ctrl.map`; does not touch controller.ts.
 */
import type {
	ExpressionSpecification,
	Map as MlMap,
	LayerSpecification,
	VectorTileSource
} from 'maplibre-gl';
import type { LayerStyle } from './layers/types';
import { INTERVENTION_COLORS } from './layers/intervenciones';

/** Must match `aggregateLayerName` / `AGGREGATE_BELOW_ZOOM` in src/lib/server/tiles (server side). */
export const aggregateSourceLayer = (id: string) => `${id}_resumen`;

/**
 * The overview layer: tiles below zoom 14 with more than 2 000 works carry one point per 16-px cell
 * (`count`, dominant `type`) instead of the polygons; drawn as circles by type colour, area ∝ count.
 */
export function aggregateLayer(source: string, id: string): LayerSpecification {
	return {
		id: `${layerPrefix(id)}resumen`,
		type: 'circle',
		source,
		'source-layer': aggregateSourceLayer(id),
		paint: {
			'circle-color': [
				'match',
				['get', 'type'],
				...Object.entries(INTERVENTION_COLORS).flat(),
				'#555555'
			] as unknown as ExpressionSpecification,
			// legible over the zone fills: at least 2.5 px, a thin white ring (issue 5 item 7 screenshot)
			'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 2.5, 6, 5, 30, 9],
			'circle-opacity': 0.85,
			'circle-stroke-width': 0.75,
			'circle-stroke-color': '#ffffff',
			'circle-stroke-opacity': 0.8
		}
	};
}

export interface TileInfo {
	tilejson: string;
	tiles: string[];
	minzoom: number;
	maxzoom: number;
	bounds: [number, number, number, number];
	featureCount: number;
	threshold: number;
	useTiles: boolean;
	generation: number;
}

/** Reads the layer's TileJSON; null when the server does not tile this layer or is unreachable. */
export async function fetchTileInfo(layer: string, fetchFn: typeof fetch = fetch): Promise<TileInfo | null> {
	try {
		const r = await fetchFn(`/api/tiles/${encodeURIComponent(layer)}/tile.json`);
		if (!r.ok) return null;
		return (await r.json()) as TileInfo;
	} catch {
		return null;
	}
}

export const vectorSourceId = (id: string) => `vt-${id}`;
const layerPrefix = (id: string) => `vt-${id}-`;

/**
 * Adds the vector source `vt-<id>` and the style's layers (ids `vt-<id>-<suffix>`, `source-layer` = the
 * layer id) below `beforeId`. Feature ids are promoted from the `id` property so `feature-state`
 * (selection) works as with GeoJSON. Returns the added layer ids. Idempotent.
 */
export function addVectorTileLayer(
	map: MlMap,
	id: string,
	info: Pick<TileInfo, 'tiles' | 'minzoom' | 'maxzoom' | 'bounds'>,
	style: LayerStyle,
	beforeId?: string
): string[] {
	const source = vectorSourceId(id);
	removeVectorTileLayer(map, id);
	map.addSource(source, {
		type: 'vector',
		tiles: info.tiles,
		minzoom: info.minzoom,
		maxzoom: info.maxzoom,
		bounds: info.bounds,
		promoteId: 'id'
	});
	const ids: string[] = [];
	for (const l of style.layers(source, layerPrefix(id))) {
		const spec = { ...l, 'source-layer': id } as LayerSpecification;
		map.addLayer(spec, beforeId && map.getLayer(beforeId) ? beforeId : undefined);
		ids.push(spec.id);
	}
	const agg = aggregateLayer(source, id);
	map.addLayer(agg, beforeId && map.getLayer(beforeId) ? beforeId : undefined);
	ids.push(agg.id);
	return ids;
}

/** Removes what addVectorTileLayer added (no-op when absent). */
export function removeVectorTileLayer(map: MlMap, id: string): void {
	const prefix = layerPrefix(id);
	for (const l of map.getStyle()?.layers ?? []) if (l.id.startsWith(prefix)) map.removeLayer(l.id);
	if (map.getSource(vectorSourceId(id))) map.removeSource(vectorSourceId(id));
}

/** Forces a re-fetch of the tiles after an edit (the server refreshes its index within ~2 s). */
export function refreshVectorTiles(map: MlMap, id: string, tiles: string[]): void {
	const src = map.getSource(vectorSourceId(id)) as VectorTileSource | undefined;
	src?.setTiles(tiles);
}
