/**
 * The main map's works layer above the tile threshold (docs/decisions/110): the `intervenciones` MVT source
 * drawn with the same style as the GeoJSON layer, under the small GeoJSON overlay (`lyr-intervenciones-*`,
 * the selected / edited works), which the tile layers hide by a filter on `id`. Works on `ctrl.map`; the
 * controller itself is not changed.
 */
import type { ExpressionSpecification, FilterSpecification, Map as MlMap, PointLike } from 'maplibre-gl';
import { intervenciones } from './layers/intervenciones';
import { addVectorTileLayer, refreshVectorTiles, vectorSourceId } from './vectorTiles';

export const WORKS_LAYER = 'intervenciones';
const PREFIX = `vt-${WORKS_LAYER}-`;
const OVERLAY_PREFIX = `lyr-${WORKS_LAYER}-`;
const RESUMEN = `${PREFIX}resumen`;

/** Base filters of the style's layers, by map layer id (to combine with the "hidden ids" filter). */
function baseFilters(): Map<string, FilterSpecification | undefined> {
	return new Map(
		intervenciones
			.layers(vectorSourceId(WORKS_LAYER), PREFIX)
			.map((l) => [l.id, 'filter' in l ? (l.filter as FilterSpecification | undefined) : undefined])
	);
}

/** Ids of the works tile layers present on the map (bottom to top). */
export function worksTileLayerIds(map: MlMap): string[] {
	return (map.getStyle()?.layers ?? []).map((l) => l.id).filter((id) => id.startsWith(PREFIX));
}

/** The tile layers that carry real geometries (not the overview points): for clicks and snapping. */
export function worksTileFeatureLayerIds(map: MlMap): string[] {
	return worksTileLayerIds(map).filter((id) => id !== RESUMEN);
}

function firstOverlayLayer(map: MlMap): string | undefined {
	return (map.getStyle()?.layers ?? []).find((l) => l.id.startsWith(OVERLAY_PREFIX))?.id;
}

/** Adds the works MVT source + layers just below the GeoJSON overlay. Returns the added layer ids. */
export function addWorksTiles(
	map: MlMap,
	info: { tiles: string[]; minzoom: number; maxzoom: number; bounds: [number, number, number, number] }
): string[] {
	// tile URLs come with the server's origin; draw them from this page's origin (proxies, tests)
	const tiles = info.tiles.map((u) => u.replace(/^https?:\/\/[^/]+/, location.origin));
	return addVectorTileLayer(map, WORKS_LAYER, { ...info, tiles }, intervenciones, firstOverlayLayer(map));
}

/** Keeps the tile layers right below the overlay (after the layer panel reorders `lyr-*` layers). */
export function placeWorksTiles(map: MlMap): void {
	const before = firstOverlayLayer(map);
	for (const id of worksTileLayerIds(map)) map.moveLayer(id, before);
}

/** Hides works by id in the tile layers (they are drawn by the overlay, or were deleted). */
export function hideWorksInTiles(map: MlMap, ids: string[]): void {
	const base = baseFilters();
	const hide: FilterSpecification | undefined = ids.length
		? (['!', ['in', ['to-string', ['get', 'id']], ['literal', ids]]] as FilterSpecification)
		: undefined;
	for (const lid of worksTileFeatureLayerIds(map)) {
		const f = base.get(lid);
		const combined = f && hide ? (['all', f, hide] as FilterSpecification) : (hide ?? f ?? null);
		map.setFilter(lid, combined as FilterSpecification | null);
	}
}

export function setWorksTilesVisible(map: MlMap, visible: boolean): void {
	for (const id of worksTileLayerIds(map))
		map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
}

type PaintProp = Parameters<MlMap['setPaintProperty']>[1];

export function setWorksTilesOpacity(map: MlMap, opacity: number): void {
	for (const o of intervenciones.opacity) {
		const lid = `${PREFIX}${o.suffix}`;
		if (!map.getLayer(lid)) continue;
		const value =
			typeof o.base === 'number' ? o.base * opacity : (['*', opacity, o.base] as ExpressionSpecification);
		map.setPaintProperty(lid, o.prop as PaintProp, value);
	}
	if (map.getLayer(RESUMEN)) {
		map.setPaintProperty(RESUMEN, 'circle-opacity', 0.85 * opacity);
		map.setPaintProperty(RESUMEN, 'circle-stroke-opacity', 0.8 * opacity);
	}
}

export type WorkHit = { kind: 'overlay' } | { kind: 'work'; id: string } | { kind: 'overview' } | null;

/**
 * What a click at `point` meets: a work of the overlay (left to the controller), a work in the tiles
 * (its id), an overview point (the caller zooms in), or nothing. Queries only rendered features.
 */
export function workAt(map: MlMap, point: { x: number; y: number }, tolerancePx = 3): WorkHit {
	const box: [PointLike, PointLike] = [
		[point.x - tolerancePx, point.y - tolerancePx],
		[point.x + tolerancePx, point.y + tolerancePx]
	];
	const overlay = (map.getStyle()?.layers ?? [])
		.map((l) => l.id)
		.filter((id) => id.startsWith(OVERLAY_PREFIX) && !id.endsWith('-hit'));
	if (overlay.length && map.queryRenderedFeatures(box, { layers: overlay }).length)
		return { kind: 'overlay' };
	const layers = worksTileFeatureLayerIds(map).filter(
		(id) => map.getLayoutProperty(id, 'visibility') !== 'none'
	);
	const hit = layers.length ? map.queryRenderedFeatures(box, { layers })[0] : undefined;
	const id = hit?.properties?.id ?? hit?.id;
	if (id !== undefined && id !== null) return { kind: 'work', id: String(id) };
	if (map.getLayer(RESUMEN) && map.queryRenderedFeatures(box, { layers: [RESUMEN] }).length)
		return { kind: 'overview' };
	return null;
}

/** Re-fetches the works tiles (after a save; the server rebuilds its index in the background). */
export function refreshWorksTiles(map: MlMap, tiles: string[]): void {
	refreshVectorTiles(
		map,
		WORKS_LAYER,
		tiles.map((u) => u.replace(/^https?:\/\/[^/]+/, location.origin))
	);
}
