import type { LayerStyle } from './types';
import { WATER } from './water';

/** Quebradas thicker by stream order. */
export const quebradas: LayerStyle = {
	layers: (source, p) => [
		{
			id: `${p}line`,
			type: 'line',
			source,
			layout: { 'line-cap': 'round', 'line-join': 'round' },
			paint: {
				'line-color': WATER.stream,
				'line-width': [
					'interpolate',
					['linear'],
					['coalesce', ['to-number', ['get', 'orden']], 1],
					1,
					1.5,
					3,
					4
				],
				'line-opacity': 1
			}
		}
	],
	opacity: [{ suffix: 'line', prop: 'line-opacity', base: 1 }],
	legend: [{ shape: 'line', color: WATER.stream, width: 3 }],
	labelProp: 'nombre',
	interactive: ['line']
};
