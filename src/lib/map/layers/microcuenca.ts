import type { LayerStyle } from './types';

/** Dark dashed boundary, always drawn above fills. A near-transparent fill answers clicks. */
export const microcuenca: LayerStyle = {
	layers: (source, p) => [
		{ id: `${p}hit`, type: 'fill', source, paint: { 'fill-color': '#000000', 'fill-opacity': 0.01 } },
		{
			id: `${p}line`,
			type: 'line',
			source,
			layout: { 'line-join': 'round' },
			paint: {
				'line-color': '#1b1b1b',
				'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2, 15, 4],
				'line-dasharray': [3, 1.5],
				'line-opacity': 1
			}
		}
	],
	opacity: [{ suffix: 'line', prop: 'line-opacity', base: 1 }],
	legend: [{ shape: 'line', color: '#1b1b1b', dash: true, width: 3 }],
	labelProp: 'nombre',
	interactive: ['hit']
};
