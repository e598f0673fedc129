import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import type { Feature, Geometry } from 'geojson';
import {
	cleanProperties,
	closeRings,
	groupFiles,
	guessMapping,
	mapInterventions,
	normaliseDate,
	normaliseState,
	roundGeometry
} from '../../../src/lib/components/import/wizard';
import { project } from '../../../src/lib/geo/crs';
import { flattenIntervention, matchesFilter } from '../../../src/lib/components/import/exportSources';
import { scaleBar } from '../../../src/lib/components/print/scale';

const b = (s: string) => new TextEncoder().encode(s);

describe('groupFiles', () => {
	it('zips loose shapefile parts into one source and keeps other files', () => {
		const out = groupFiles([
			{ name: 'parcelas.shp', bytes: b('shp') },
			{ name: 'parcelas.shx', bytes: b('shx') },
			{ name: 'parcelas.dbf', bytes: b('dbf') },
			{ name: 'parcelas.prj', bytes: b('prj') },
			{ name: 'puntos.gpx', bytes: b('<gpx/>') }
		]);
		expect(out.map((f) => f.name)).toEqual(['parcelas.zip', 'puntos.gpx']);
		expect(Object.keys(unzipSync(out[0]!.bytes)).sort()).toEqual([
			'parcelas.dbf',
			'parcelas.prj',
			'parcelas.shp',
			'parcelas.shx'
		]);
	});
	it('leaves files alone when there is no .shp', () => {
		const files = [{ name: 'a.kml', bytes: b('x') }];
		expect(groupFiles(files)).toBe(files);
	});
});

describe('attribute mapping', () => {
	it('guesses common Spanish and English field names', () => {
		expect(guessMapping(['NOMBRE', 'Estado', 'comunidad', 'fecha_inicio', 'FECHA_FIN', 'obs', 'x'])).toEqual({
			name: 'NOMBRE',
			state: 'Estado',
			community: 'comunidad',
			startDate: 'fecha_inicio',
			endDate: 'FECHA_FIN',
			notes: 'obs'
		});
	});
	it('normalises states and dates', () => {
		expect(normaliseState('Ejecutado')).toBe('ejecutada');
		expect(normaliseState('En ejecución')).toBe('en_ejecucion');
		expect(normaliseState('otro')).toBeNull();
		expect(normaliseDate('01/03/2024')).toBe('2024-03-01');
		expect(normaliseDate('2024-3-1')).toBe('2024-03-01');
		expect(normaliseDate('20240301')).toBe('2024-03-01');
		expect(normaliseDate('31/02/2024')).toBeNull();
		expect(normaliseDate(new Date('2024-05-06T00:00:00Z'))).toBe('2024-05-06');
	});
	it('maps features to intervention properties with defaults, projects by id or name, and notes', () => {
		const sq: Geometry = {
			type: 'Polygon',
			coordinates: [
				[
					[0, 0],
					[1, 0],
					[1, 1],
					[0, 0]
				]
			]
		};
		const feats: Feature<Geometry | null>[] = [
			{
				type: 'Feature',
				geometry: sq,
				properties: { n: 'A', e: 'Ejecutada', p: 'Proyecto Can Can', f: '02/01/2024' }
			},
			{ type: 'Feature', geometry: sq, properties: { n: 'B', e: '???', p: 'nada', f: 'ayer' } },
			{ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} },
			{ type: 'Feature', geometry: null, properties: {} }
		];
		const out = mapInterventions(
			feats,
			{ name: 'n', state: 'e', projectId: 'p', startDate: 'f' },
			{ type: 'forestacion', state: 'propuesta', community: 'Taucca' },
			[{ id: 'can-can-2017', name: 'Proyecto Can Can' }]
		);
		expect(out).toHaveLength(3);
		expect(out[0]!.feature.properties).toEqual({
			type: 'forestacion',
			state: 'ejecutada',
			name: 'A',
			community: 'Taucca',
			projectId: 'can-can-2017',
			startDate: '2024-01-02'
		});
		expect(out[1]!.feature.properties.state).toBe('propuesta');
		expect(out[1]!.notes).toHaveLength(3);
		expect(out[2]!.wrongGeometry).toBe(true);
	});
});

describe('fix with consent: closeRings', () => {
	const open = [
		[0.001, 0.001],
		[0.002, 0.001],
		[0.002, 0.002],
		[0.001, 0.002]
	];
	it('closes an open ring in WGS84', () => {
		const f = closeRings(
			{ type: 'Feature', properties: { a: 1 }, geometry: { type: 'Polygon', coordinates: [open] } },
			'EPSG:4326'
		);
		expect(f?.geometry).toEqual({ type: 'Polygon', coordinates: [[...open, open[0]]] });
		expect(f?.properties).toEqual({ a: 1 });
	});
	it('reprojects source coordinates (UTM 18S) to WGS84', () => {
		const ring = [
			[-72.03, -13.43],
			[-72.02, -13.43],
			[-72.02, -13.42]
		] as [number, number][];
		const utm = ring.map((p) => project(p, 32718));
		const f = closeRings(
			{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [utm] } },
			'EPSG:32718'
		);
		const c = (f!.geometry as { coordinates: number[][][] }).coordinates[0]!;
		expect(c).toHaveLength(4);
		expect(c[0]![0]).toBeCloseTo(-72.03, 9);
		expect(c[3]).toEqual(c[0]);
	});
	it('refuses unknown CRS and non-polygons', () => {
		expect(
			closeRings(
				{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [open] } },
				'PRJ:raro'
			)
		).toBeNull();
		expect(
			closeRings(
				{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } },
				'EPSG:4326'
			)
		).toBeNull();
	});
});

describe('request bodies', () => {
	it('cleans properties to JSON-safe bounded values', () => {
		expect(
			cleanProperties({
				a: NaN,
				b: new Date('2024-01-01T00:00:00Z'),
				c: { x: 1 },
				d: 'x'.repeat(3000),
				e: true
			})
		).toEqual({
			a: null,
			b: '2024-01-01T00:00:00.000Z',
			c: '{"x":1}',
			d: 'x'.repeat(2000),
			e: true
		});
	});
	it('rounds coordinates to 1e-7 degrees', () => {
		expect(roundGeometry({ type: 'Point', coordinates: [-72.123456789, -13.987654321] })).toEqual({
			type: 'Point',
			coordinates: [-72.1234568, -13.9876543]
		});
	});
});

describe('export sources and scale bar', () => {
	const f: Feature = {
		type: 'Feature',
		id: 7,
		geometry: { type: 'Point', coordinates: [0, 0] },
		properties: {
			type: 'anden',
			state: 'propuesta',
			measures: { areaHa: 1.5, params: {} },
			warnings: [{ code: 'X' }]
		}
	};
	it('flattens interventions into columns', () => {
		expect(flattenIntervention(f).properties).toMatchObject({
			id: 7,
			type: 'anden',
			areaHa: 1.5,
			warnings: 'X'
		});
	});
	it('filters as the table does', () => {
		expect(matchesFilter(f, { type: 'anden', projectId: '' })).toBe(true);
		expect(matchesFilter(f, { state: 'ejecutada' })).toBe(false);
	});
	it('scale bar picks a round distance that fits', () => {
		const s = scaleBar(-13.42, 13, 150);
		expect([1, 2, 5].some((k) => String(s.metres).startsWith(String(k)))).toBe(true);
		expect(s.px).toBeLessThanOrEqual(150);
		expect(s.px).toBeGreaterThan(40);
	});
});
