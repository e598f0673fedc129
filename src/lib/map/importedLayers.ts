/**
 * Generic imported layers (`import-<slug>`, GET /api/imports/layers) on a map, drawn with importedStyle.
 * Same naming as the controller (`src-<id>`, `lyr-<id>-*`) so setVisible / setOrder / renderedCount work.
 */
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { importedStyle } from './importedStyle';

/** A few distinct colours, picked by the layer id so a layer keeps its colour. */
export const IMPORTED_COLORS = ['#c2185b', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037', '#2e7d32'];

export function importedColor(id: string): string {
	let h = 0;
	for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
	return IMPORTED_COLORS[h % IMPORTED_COLORS.length] as string;
}

export function addImportedLayer(map: MlMap, id: string, fc: FeatureCollection, attribution?: string): void {
	const source = `src-${id}`;
	const existing = map.getSource(source) as GeoJSONSource | undefined;
	if (existing) {
		existing.setData(fc);
		return;
	}
	map.addSource(source, { type: 'geojson', data: fc, ...(attribution ? { attribution } : {}) });
	for (const l of importedStyle(importedColor(id)).layers(source, `lyr-${id}-`)) map.addLayer(l);
}
