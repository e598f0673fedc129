import type { ExpressionSpecification } from 'maplibre-gl';
import type { LayerStyle } from './types';

/**
 * Peru's five ZEE categories (D.S. 087-2004-PCM art. 9). Okabe–Ito colours: distinct for colour-blind viewers and
 * on a washed-out projector; no blue (reserved for water). Not MINAM's official colours.
 */
export const ZEE_COLORS = {
	productiva: '#E69F00',
	proteccion_conservacion: '#009E73',
	tratamiento_especial: '#CC79A7',
	recuperacion: '#D55E00',
	urbano_industrial: '#6f6f6f'
} as const;

const match: ExpressionSpecification = [
	'match',
	['get', 'categoria'],
	...Object.entries(ZEE_COLORS).flat(),
	'#cccccc'
] as unknown as ExpressionSpecification;

export const zee: LayerStyle = {
	layers: (source, p) => [
		{ id: `${p}fill`, type: 'fill', source, paint: { 'fill-color': match, 'fill-opacity': 0.4 } },
		{
			id: `${p}line`,
			type: 'line',
			source,
			paint: { 'line-color': match, 'line-width': 1, 'line-opacity': 0.9 }
		}
	],
	opacity: [
		{ suffix: 'fill', prop: 'fill-opacity', base: 0.4 },
		{ suffix: 'line', prop: 'line-opacity', base: 0.9 }
	],
	legend: Object.entries(ZEE_COLORS).map(([cat, color]) => ({
		shape: 'fill' as const,
		color,
		labelKey: `app.zee.${cat}`
	})),
	labelProp: 'nombre',
	interactive: ['fill']
};
