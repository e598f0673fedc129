import type { StyleSpecification } from 'maplibre-gl';

/** Optional online basemap: off by default, opt-in from the layer panel. */
export const ONLINE_BASEMAP = {
	id: 'osm',
	tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
	attribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
};

/**
 * The offline default style: no tiles, sprites or glyphs from anywhere. Without a `glyphs` URL MapLibre (≥ 5.11)
 * draws labels locally with TinySDF from the font named in `text-font` (Noto Sans, self-hosted via @fontsource).
 * The online basemap source exists only once the user switches it on (see MapController.setBasemap).
 */
export function offlineStyle(): StyleSpecification {
	return {
		version: 8,
		name: 'yaku-offline',
		sources: {},
		layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } }]
	};
}
