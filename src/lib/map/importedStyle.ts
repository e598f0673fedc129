import type { LayerStyle } from './layers/types';

/**
 * A neutral style for any imported layer (points, lines and polygons in one source), used by the import
 * preview and meant for the main map's generic `import-*` layers: register it as
 * `LAYER_STYLES.imported = importedStyle()` (or call importedStyle with another colour per layer).
 */
export function importedStyle(color = '#c2185b'): LayerStyle {
	return {
		layers: (source, p) => [
			{
				id: `${p}fill`,
				type: 'fill',
				source,
				filter: ['==', ['geometry-type'], 'Polygon'],
				paint: { 'fill-color': color, 'fill-opacity': 0.25 }
			},
			{
				id: `${p}line`,
				type: 'line',
				source,
				filter: ['!=', ['geometry-type'], 'Point'],
				layout: { 'line-join': 'round', 'line-cap': 'round' },
				paint: { 'line-color': color, 'line-width': 2, 'line-opacity': 1 }
			},
			{
				id: `${p}point`,
				type: 'circle',
				source,
				filter: ['==', ['geometry-type'], 'Point'],
				paint: {
					'circle-color': color,
					'circle-radius': 5,
					'circle-stroke-color': '#ffffff',
					'circle-stroke-width': 1.5,
					'circle-opacity': 1
				}
			}
		],
		opacity: [
			{ suffix: 'fill', prop: 'fill-opacity', base: 0.25 },
			{ suffix: 'line', prop: 'line-opacity', base: 1 },
			{ suffix: 'point', prop: 'circle-opacity', base: 1 }
		],
		legend: [{ shape: 'fill', color, outline: color }],
		interactive: ['fill', 'line', 'point']
	};
}
