import { FONT, HALO, type LayerStyle } from './types';

const COLOR = '#7a5c3e';

export const comunidades: LayerStyle = {
	layers: (source, p) => [
		{ id: `${p}fill`, type: 'fill', source, paint: { 'fill-color': COLOR, 'fill-opacity': 0.04 } },
		{
			id: `${p}line`,
			type: 'line',
			source,
			paint: { 'line-color': COLOR, 'line-width': 1.2, 'line-dasharray': [4, 2], 'line-opacity': 0.9 }
		},
		{
			id: `${p}label`,
			type: 'symbol',
			source,
			layout: {
				'text-field': ['upcase', ['get', 'nombre']],
				'text-font': FONT,
				'text-size': 12,
				'text-letter-spacing': 0.12
			},
			paint: { 'text-color': '#4f3a25', 'text-halo-color': HALO, 'text-halo-width': 1.5 }
		}
	],
	opacity: [
		{ suffix: 'fill', prop: 'fill-opacity', base: 0.04 },
		{ suffix: 'line', prop: 'line-opacity', base: 0.9 },
		{ suffix: 'label', prop: 'text-opacity', base: 1 }
	],
	legend: [{ shape: 'fill', color: '#f3eee9', outline: COLOR, dash: true }],
	labelProp: 'nombre',
	interactive: ['fill']
};
