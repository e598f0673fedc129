import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { FONT, HALO, type LayerStyle, type LegendSwatch } from './types';

/**
 * Green infrastructure. One colour per intervention type (cartography.md), and the STATE drawn by outline dash and
 * fill density, never by colour alone: propuesta = dashed outline, planificada = hollow, en ejecución = half fill,
 * ejecutada = solid fill.
 */
export const INTERVENTION_COLORS = {
	zanja_infiltracion: '#8c5a1e',
	forestacion: '#2e7d32',
	pastos_naturales: '#9e9d24',
	proteccion_manante: '#0b4f8a',
	microreservorio: '#0d2f6e',
	anden: '#b5482a'
} as const;

const color = [
	'match',
	['get', 'type'],
	...Object.entries(INTERVENTION_COLORS).flat(),
	'#555555'
] as unknown as ExpressionSpecification;

const fillOpacity = [
	'match',
	['get', 'state'],
	'propuesta',
	0.12,
	'planificada',
	0.06,
	'en_ejecucion',
	0.35,
	'ejecutada',
	0.7,
	0.3
] as unknown as ExpressionSpecification;

const lineOpacity: ExpressionSpecification = ['match', ['get', 'state'], 'propuesta', 0.6, 1];

const isPoly: ExpressionSpecification = ['==', ['geometry-type'], 'Polygon'];
const isLine: ExpressionSpecification = ['==', ['geometry-type'], 'LineString'];
const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];
const notRing: ExpressionSpecification = ['!', ['to-boolean', ['get', 'ring']]];
const selected: ExpressionSpecification = ['to-boolean', ['feature-state', 'selected']];

function outline(
	id: string,
	source: string,
	filter: ExpressionSpecification,
	dash: number[]
): LayerSpecification {
	return {
		id,
		type: 'line',
		source,
		filter,
		layout: { 'line-join': 'round', 'line-cap': 'butt' },
		paint: {
			'line-color': color,
			'line-width': ['case', selected, 5, 2.5],
			'line-opacity': 1,
			'line-dasharray': dash
		}
	};
}

export const intervenciones: LayerStyle = {
	layers: (source, p) => [
		// spring protection rings (derived features with ring=true)
		{
			id: `${p}ring`,
			type: 'fill',
			source,
			filter: ['to-boolean', ['get', 'ring']],
			paint: { 'fill-color': '#9fd0f5', 'fill-opacity': 0.45, 'fill-outline-color': '#0b4f8a' }
		},
		{
			id: `${p}fill`,
			type: 'fill',
			source,
			filter: ['all', isPoly, notRing],
			paint: { 'fill-color': color, 'fill-opacity': fillOpacity }
		},
		outline(`${p}outline`, source, ['all', isPoly, notRing, ['!=', ['get', 'state'], 'propuesta']], [1, 0]),
		outline(
			`${p}outline-prop`,
			source,
			['all', isPoly, notRing, ['==', ['get', 'state'], 'propuesta']],
			[2, 1.5]
		),
		{
			id: `${p}line`,
			type: 'line',
			source,
			filter: isLine,
			layout: { 'line-join': 'round' },
			paint: {
				'line-color': color,
				'line-width': ['case', selected, 6, 3.5],
				'line-opacity': lineOpacity,
				'line-dasharray': ['match', ['get', 'state'], 'propuesta', ['literal', [2, 1]], ['literal', [1, 0]]]
			}
		},
		// zanjas: short perpendicular ticks (a wide, finely dashed line over the trench line)
		{
			id: `${p}ticks`,
			type: 'line',
			source,
			filter: ['all', isLine, ['==', ['get', 'type'], 'zanja_infiltracion']],
			paint: { 'line-color': color, 'line-width': 9, 'line-dasharray': [0.25, 1.6], 'line-opacity': 1 }
		},
		{
			id: `${p}point`,
			type: 'circle',
			source,
			filter: ['all', isPoint],
			paint: {
				'circle-radius': ['case', selected, 10, 7],
				'circle-color': ['match', ['get', 'state'], 'planificada', '#ffffff', 'propuesta', '#ffffff', color],
				'circle-stroke-color': color,
				'circle-stroke-width': 3,
				'circle-opacity': 1,
				'circle-stroke-opacity': 1
			}
		},
		{
			id: `${p}label`,
			type: 'symbol',
			source,
			minzoom: 14,
			filter: notRing,
			layout: {
				'text-field': ['get', 'label'],
				'text-font': FONT,
				'text-size': 12,
				'text-optional': true,
				'text-offset': [0, 1.2],
				'text-anchor': 'top'
			},
			paint: { 'text-color': '#222', 'text-halo-color': HALO, 'text-halo-width': 1.5 }
		}
	],
	opacity: [
		{ suffix: 'fill', prop: 'fill-opacity', base: fillOpacity },
		{ suffix: 'outline', prop: 'line-opacity', base: 1 },
		{ suffix: 'outline-prop', prop: 'line-opacity', base: 1 },
		{ suffix: 'line', prop: 'line-opacity', base: lineOpacity },
		{ suffix: 'ticks', prop: 'line-opacity', base: 1 },
		{ suffix: 'point', prop: 'circle-opacity', base: 1 },
		{ suffix: 'point', prop: 'circle-stroke-opacity', base: 1 },
		{ suffix: 'ring', prop: 'fill-opacity', base: 0.45 }
	],
	legend: [
		...Object.entries(INTERVENTION_COLORS).map(([type, c]): LegendSwatch => ({
			shape:
				type === 'zanja_infiltracion' || type === 'anden'
					? 'line'
					: type.startsWith('proteccion')
						? 'drop'
						: 'fill',
			color: c,
			outline: c,
			width: 3,
			labelKey: `works.type.${type}`
		})),
		{ shape: 'fill', color: '#ffffff', outline: '#333', dash: true, labelKey: 'works.state.propuesta' },
		{ shape: 'fill', color: '#ffffff', outline: '#333', labelKey: 'works.state.planificada' },
		{ shape: 'fill', color: '#9a9a9a', outline: '#333', labelKey: 'works.state.en_ejecucion' },
		{ shape: 'fill', color: '#333333', outline: '#333', labelKey: 'works.state.ejecutada' }
	],
	labelProp: 'label',
	interactive: ['fill', 'line', 'point', 'ring']
};
