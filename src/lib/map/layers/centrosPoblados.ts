import { FONT, HALO, type LayerStyle } from './types';

export const centrosPoblados: LayerStyle = {
	layers: (source, p) => [
		{
			id: `${p}point`,
			type: 'circle',
			source,
			paint: {
				'circle-radius': ['case', ['==', ['get', 'tipo'], 'Urban'], 6, 4],
				'circle-color': '#2b2b2b',
				'circle-stroke-color': '#ffffff',
				'circle-stroke-width': 1.5,
				'circle-opacity': 1,
				'circle-stroke-opacity': 1
			}
		},
		{
			id: `${p}label`,
			type: 'symbol',
			source,
			layout: {
				'text-field': ['get', 'name'],
				'text-font': FONT,
				'text-size': ['case', ['==', ['get', 'tipo'], 'Urban'], 14, 11],
				'text-offset': [0, 0.9],
				'text-anchor': 'top',
				'text-optional': true
			},
			paint: { 'text-color': '#1e1e1e', 'text-halo-color': HALO, 'text-halo-width': 1.5 }
		}
	],
	opacity: [
		{ suffix: 'point', prop: 'circle-opacity', base: 1 },
		{ suffix: 'point', prop: 'circle-stroke-opacity', base: 1 },
		{ suffix: 'label', prop: 'text-opacity', base: 1 }
	],
	legend: [{ shape: 'circle', color: '#2b2b2b', outline: '#ffffff' }],
	labelProp: 'name',
	interactive: ['point']
};
