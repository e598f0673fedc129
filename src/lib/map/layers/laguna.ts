import { FONT, HALO, type LayerStyle } from './types';
import { WATER } from './water';

export const laguna: LayerStyle = {
	layers: (source, p) => [
		{ id: `${p}fill`, type: 'fill', source, paint: { 'fill-color': WATER.lake, 'fill-opacity': 0.85 } },
		{
			id: `${p}line`,
			type: 'line',
			source,
			paint: { 'line-color': WATER.lakeOutline, 'line-width': 1.5, 'line-opacity': 1 }
		},
		{
			id: `${p}label`,
			type: 'symbol',
			source,
			layout: { 'text-field': ['get', 'nombre'], 'text-font': FONT, 'text-size': 15 },
			paint: { 'text-color': '#06345c', 'text-halo-color': HALO, 'text-halo-width': 1.5 }
		}
	],
	opacity: [
		{ suffix: 'fill', prop: 'fill-opacity', base: 0.85 },
		{ suffix: 'line', prop: 'line-opacity', base: 1 },
		{ suffix: 'label', prop: 'text-opacity', base: 1 }
	],
	legend: [{ shape: 'fill', color: WATER.lake, outline: WATER.lakeOutline }],
	labelProp: 'nombre',
	interactive: ['fill']
};
