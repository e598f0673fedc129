/** validateGeoJSON against the GeoJSON hazards of parser-hazards.md. */
import { describe, expect, it } from 'vitest';
import { validateGeoJSON } from '../../../src/lib/geo/validateGeoJSON';
import { parseGeoJSONText } from '../../../src/lib/server/geodata/readGeoJSONText';

const fc = (geometry: unknown, extra: object = {}) => ({
	type: 'FeatureCollection',
	...extra,
	features: [{ type: 'Feature', properties: {}, geometry }]
});
const square = [
	[
		[-72.03, -13.42],
		[-72.02, -13.42],
		[-72.02, -13.41],
		[-72.03, -13.41],
		[-72.03, -13.42]
	]
];
const reason = (v: unknown, opts = {}) => {
	const r = validateGeoJSON(v, opts);
	return r.valid ? 'ok' : r.reason;
};

describe('validateGeoJSON', () => {
	it('accepts a valid polygon and returns count and bbox', () => {
		const r = validateGeoJSON(fc({ type: 'Polygon', coordinates: square }), { geometryType: 'polygon' });
		expect(r).toMatchObject({ valid: true, featureCount: 1, bbox: [-72.03, -13.42, -72.02, -13.41] });
	});

	it.each([
		['not a FeatureCollection', { type: 'Feature' }, 'NOT_FEATURE_COLLECTION'],
		['empty', { type: 'FeatureCollection', features: [] }, 'EMPTY'],
		['null geometry', fc(null), 'NULL_GEOMETRY'],
		['GeometryCollection', fc({ type: 'GeometryCollection', geometries: [] }), 'UNSUPPORTED_GEOMETRY'],
		['1e308 coordinate', fc({ type: 'Point', coordinates: [1e308, 0] }), 'OUT_OF_RANGE_COORDINATE'],
		[
			'Infinity (1e400 in JSON)',
			parseOk(
				'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e400,0]}}]}'
			),
			'NON_FINITE_COORDINATE'
		],
		[
			'UTM metres read as degrees',
			fc({ type: 'Point', coordinates: [819508.8, 8516721.6] }),
			'OUT_OF_RANGE_COORDINATE'
		],
		['string coordinate', fc({ type: 'Point', coordinates: ['-72', -13] }), 'BAD_COORDINATES'],
		[
			'2-point ring',
			fc({
				type: 'Polygon',
				coordinates: [
					[
						[0, 0],
						[1, 1]
					]
				]
			}),
			'TOO_FEW_POSITIONS'
		],
		[
			'unclosed ring',
			fc({
				type: 'Polygon',
				coordinates: [
					[
						[0, 0],
						[1, 0],
						[1, 1],
						[0, 1]
					]
				]
			}),
			'RING_NOT_CLOSED'
		],
		[
			'polygon holding point coordinates',
			fc({ type: 'Polygon', coordinates: [-72, -13] }),
			'BAD_COORDINATES'
		],
		['one-point line', fc({ type: 'LineString', coordinates: [[0, 0]] }), 'TOO_FEW_POSITIONS'],
		[
			'projected legacy crs',
			fc(
				{ type: 'Point', coordinates: [0, 0] },
				{ crs: { type: 'name', properties: { name: 'EPSG:32718' } } }
			),
			'NOT_WGS84_CRS'
		]
	])('rejects %s', (_label, value, expected) => {
		expect(reason(value)).toBe(expected);
	});

	it('accepts a CRS84 legacy crs member', () => {
		const v = fc(
			{ type: 'Point', coordinates: [0, 0] },
			{ crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } }
		);
		expect(reason(v)).toBe('ok');
	});

	it('enforces the geometry family of the layer', () => {
		expect(reason(fc({ type: 'Point', coordinates: [0, 0] }), { geometryType: 'polygon' })).toBe(
			'WRONG_GEOMETRY_FOR_LAYER'
		);
		expect(reason(fc({ type: 'MultiPoint', coordinates: [[0, 0]] }), { geometryType: 'point' })).toBe('ok');
	});

	it('survives 100,000-deep nesting without overflowing the stack', () => {
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":${deep}}}]}`;
		const parsed = parseGeoJSONText(text);
		expect(parsed.ok).toBe(true);
		expect(reason(parsed.ok ? parsed.value : null)).not.toBe('ok');
	});

	it('caps the number of positions', () => {
		expect(reason(fc({ type: 'Polygon', coordinates: square }), { maxPositions: 3 })).toBe('TOO_LARGE');
	});

	it('gives a Spanish message naming the feature', () => {
		const r = validateGeoJSON(fc({ type: 'Point', coordinates: [200, 0] }));
		expect(r.valid ? '' : r.message).toMatch(/entidad 1: coordenada fuera del rango/);
	});
});

describe('parseGeoJSONText', () => {
	it('strips a UTF-8 BOM', () => {
		expect(parseGeoJSONText('\uFEFF{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
	});
	it('returns GEODATA_PARSE_ERROR instead of throwing', () => {
		expect(parseGeoJSONText('{')).toMatchObject({ ok: false, code: 'GEODATA_PARSE_ERROR' });
	});
});

function parseOk(text: string): unknown {
	const r = parseGeoJSONText(text);
	if (!r.ok) throw new Error(r.message);
	return r.value;
}
