/**
 * Import preview on a MapController's map: the imported features drawn with `importedStyle`, replaced
 * on every call, removed with `clearPreview`. Kept apart from controller.ts (which only knows catalogue
 * kinds); uses `ctrl.map` directly.
 */
import type { GeoJSONSource, LngLatBoundsLike, Map as MlMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { importedStyle } from './importedStyle';

export const PREVIEW_ID = 'import-preview';
const SOURCE = `src-${PREVIEW_ID}`;
const PREFIX = `lyr-${PREVIEW_ID}-`;

export function showPreview(map: MlMap, fc: FeatureCollection, color?: string): void {
	const src = map.getSource(SOURCE) as GeoJSONSource | undefined;
	if (src) {
		src.setData(fc);
		return;
	}
	map.addSource(SOURCE, { type: 'geojson', data: fc });
	for (const l of importedStyle(color).layers(SOURCE, PREFIX)) map.addLayer(l);
}

export function clearPreview(map: MlMap): void {
	for (const l of map.getStyle()?.layers ?? []) if (l.id.startsWith(PREFIX)) map.removeLayer(l.id);
	if (map.getSource(SOURCE)) map.removeSource(SOURCE);
}

export function fitPreview(map: MlMap, bbox: [number, number, number, number]): void {
	const pad = bbox[0] === bbox[2] && bbox[1] === bbox[3] ? 0.003 : 0;
	map.fitBounds([bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad] as LngLatBoundsLike, {
		padding: 40,
		animate: false,
		maxZoom: 17
	});
}

/** Rendered preview features in the current view (tests). */
export function previewRenderedCount(map: MlMap): number {
	const layers = (map.getStyle()?.layers ?? []).filter((l) => l.id.startsWith(PREFIX)).map((l) => l.id);
	return layers.length ? map.queryRenderedFeatures({ layers }).length : 0;
}
