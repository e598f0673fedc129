import { FONT, HALO, type LayerStyle } from './types';

function districtStyle(color: string, width: number): LayerStyle {
	return {
		layers: (source, p) => [
			{ id: `${p}hit`, type: 'fill', source, paint: { 'fill-color': color, 'fill-opacity': 0.03 } },
			{
				id: `${p}line`,
				type: 'line',
				source,
				paint: { 'line-color': color, 'line-width': width, 'line-opacity': 1 }
			},
			{
				id: `${p}label`,
				type: 'symbol',
				source,
				layout: {
					'text-field': ['upcase', ['coalesce', ['get', 'nombre_distrito'], ['get', 'nombre'], '']],
					'text-font': FONT,
					'text-size': 12,
					'text-letter-spacing': 0.15,
					'symbol-placement': 'line',
					'text-offset': [0, -0.8]
				},
				paint: { 'text-color': color, 'text-halo-color': HALO, 'text-halo-width': 1.5 }
			}
		],
		opacity: [
			{ suffix: 'hit', prop: 'fill-opacity', base: 0.03 },
			{ suffix: 'line', prop: 'line-opacity', base: 1 },
			{ suffix: 'label', prop: 'text-opacity', base: 1 }
		],
		legend: [{ shape: 'line', color, width }],
		labelProp: 'nombre_distrito',
		interactive: ['hit']
	};
}

export const distrito = districtStyle('#5a5a5a', 2);
export const distritosVecinos = districtStyle('#9a9a9a', 1.2);
