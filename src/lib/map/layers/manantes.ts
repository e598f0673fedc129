import { FONT, HALO, type LayerStyle } from './types';
import { WATER } from './water';

export const manantes: LayerStyle = {
	layers: (source, p) => [
		{
			id: `${p}point`,
			type: 'circle',
			source,
			paint: {
				'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 16, 8],
				'circle-color': WATER.spring,
				'circle-stroke-color': WATER.springRing,
				'circle-stroke-width': 2.5,
				'circle-opacity': 1,
				'circle-stroke-opacity': 1
			}
		},
		{
			id: `${p}label`,
			type: 'symbol',
			source,
			minzoom: 14,
			layout: {
				'text-field': ['get', 'nombre'],
				'text-font': FONT,
				'text-size': 12,
				'text-offset': [0, 1.1],
				'text-anchor': 'top',
				'text-optional': true
			},
			paint: { 'text-color': WATER.spring, 'text-halo-color': HALO, 'text-halo-width': 1.2 }
		}
	],
	opacity: [
		{ suffix: 'point', prop: 'circle-opacity', base: 1 },
		{ suffix: 'point', prop: 'circle-stroke-opacity', base: 1 },
		{ suffix: 'label', prop: 'text-opacity', base: 1 }
	],
	legend: [{ shape: 'drop', color: WATER.spring, outline: WATER.springRing }],
	labelProp: 'nombre',
	interactive: ['point']
};
