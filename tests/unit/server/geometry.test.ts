import { kinks } from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_VERTICES, validateGeometry } from '../../../src/lib/server/schemas/geometry';

const sq = [
	[0, 0],
	[1, 0],
	[1, 1],
	[0, 1],
	[0, 0]
];
const code = (g: unknown) => {
	const r = validateGeometry(g);
	return r.valid ? 'OK' : r.code;
};

describe('validateGeometry', () => {
	it('accepts every supported type and computes the bbox', () => {
		const r = validateGeometry({ type: 'Polygon', coordinates: [sq] });
		expect(r.valid && r.bbox).toEqual([0, 0, 1, 1]);
		expect(code({ type: 'Point', coordinates: [-72, -13.4, 3700] })).toBe('OK');
		expect(
			code({
				type: 'MultiPoint',
				coordinates: [
					[0, 0],
					[1, 1]
				]
			})
		).toBe('OK');
		expect(
			code({
				type: 'LineString',
				coordinates: [
					[0, 0],
					[1, 1],
					[1, 0],
					[0, 1]
				]
			})
		).toBe('OK'); // lines may cross
		expect(
			code({
				type: 'MultiLineString',
				coordinates: [
					[
						[0, 0],
						[1, 1]
					]
				]
			})
		).toBe('OK');
		expect(code({ type: 'MultiPolygon', coordinates: [[sq]] })).toBe('OK');
	});

	it('rejects with stable codes', () => {
		expect(
			code({
				type: 'Polygon',
				coordinates: [
					[
						[0, 0],
						[1, 1],
						[1, 0],
						[0, 1],
						[0, 0]
					]
				]
			})
		).toBe('GEOMETRY_SELF_INTERSECTION');
		expect(
			code({
				type: 'Polygon',
				coordinates: [
					[
						[0, 0],
						[1, 0],
						[1, 1],
						[0, 1]
					]
				]
			})
		).toBe('GEOMETRY_RING_NOT_CLOSED');
		expect(
			code({
				type: 'Polygon',
				coordinates: [
					[
						[0, 0],
						[1, 0],
						[0, 0]
					]
				]
			})
		).toBe('GEOMETRY_TOO_FEW_POSITIONS');
		expect(
			code({
				type: 'Polygon',
				coordinates: [
					[0, 0],
					[1, 0]
				]
			})
		).toBe('GEOMETRY_INVALID_NESTING');
		expect(code({ type: 'Polygon', coordinates: [[[[0, 0]]]] })).toBe('GEOMETRY_INVALID_NESTING');
		expect(code({ type: 'Point', coordinates: [NaN, 0] })).toBe('GEOMETRY_NON_FINITE_COORDINATE');
		expect(code({ type: 'Point', coordinates: [Infinity, 0] })).toBe('GEOMETRY_NON_FINITE_COORDINATE');
		expect(code({ type: 'Point', coordinates: [181, 0] })).toBe('GEOMETRY_COORDINATE_OUT_OF_RANGE');
		expect(code({ type: 'Point', coordinates: ['1', 0] })).toBe('GEOMETRY_INVALID_POSITION');
		expect(code({ type: 'Point', coordinates: [1] })).toBe('GEOMETRY_INVALID_POSITION');
		expect(code({ type: 'Feature' })).toBe('GEOMETRY_TYPE_UNSUPPORTED');
		expect(code('POLYGON((0 0))')).toBe('GEOMETRY_INVALID');
		expect(code({ type: 'MultiPolygon', coordinates: [] })).toBe('GEOMETRY_EMPTY');
		expect(
			code({
				type: 'Polygon',
				coordinates: [
					[
						[0, 0],
						[1, 0],
						[2, 0],
						[0, 0]
					]
				]
			})
		).not.toBe('OK');
	});

	it('holes: inside ok, outside or crossing rejected', () => {
		const hole = [
			[0.2, 0.2],
			[0.2, 0.4],
			[0.4, 0.4],
			[0.4, 0.2],
			[0.2, 0.2]
		];
		expect(code({ type: 'Polygon', coordinates: [sq, hole] })).toBe('OK');
		const out = hole.map(([x, y]) => [x! + 5, y!]);
		expect(code({ type: 'Polygon', coordinates: [sq, out] })).toBe('GEOMETRY_HOLE_OUTSIDE_SHELL');
		const crossing = hole.map(([x, y]) => [x! + 0.7, y!]);
		expect(code({ type: 'Polygon', coordinates: [sq, crossing] })).toBe('GEOMETRY_SELF_INTERSECTION');
	});

	it('drops consecutive duplicate vertices instead of calling them kinks', () => {
		const r = validateGeometry({
			type: 'Polygon',
			coordinates: [
				[
					[0, 0],
					[1, 0],
					[1, 0],
					[1, 1],
					[0, 1],
					[0, 0]
				]
			]
		});
		expect(r.valid).toBe(true);
		if (r.valid) expect((r.geometry as { coordinates: number[][][] }).coordinates[0]).toHaveLength(5);
	});

	it('caps vertices', () => {
		const n = MAX_VERTICES + 10;
		const ring = Array.from({ length: n }, (_, i) => [
			Math.cos((2 * Math.PI * i) / n),
			Math.sin((2 * Math.PI * i) / n)
		]);
		ring.push(ring[0]!);
		expect(code({ type: 'Polygon', coordinates: [ring] })).toBe('GEOMETRY_TOO_MANY_VERTICES');
	});

	it('is fast on a large valid ring (sweep, not O(n²))', () => {
		const n = 20_000;
		const ring = Array.from({ length: n }, (_, i) => [
			Math.cos((2 * Math.PI * i) / n),
			Math.sin((2 * Math.PI * i) / n)
		]);
		ring.push(ring[0]!);
		const t = performance.now();
		expect(code({ type: 'Polygon', coordinates: [ring] })).toBe('OK');
		expect(performance.now() - t).toBeLessThan(1500);
	});

	it('agrees with turf kinks on random small polygons (general position)', () => {
		const coord = fc.integer({ min: -100_000, max: 100_000 }).map((n) => n / 100_000);
		const pt = fc.tuple(coord, coord);
		fc.assert(
			fc.property(fc.array(pt, { minLength: 3, maxLength: 9 }), (pts) => {
				const ring = [...pts.map(([x, y]) => [x, y]), [pts[0]![0], pts[0]![1]]];
				const uniq = new Set(pts.map((p) => p.join(',')));
				fc.pre(uniq.size === pts.length);
				// general position: no three points collinear (turf does not report collinear overlaps)
				for (let i = 0; i < pts.length; i++)
					for (let j = i + 1; j < pts.length; j++)
						for (let k = j + 1; k < pts.length; k++) {
							const [a, b, c] = [pts[i]!, pts[j]!, pts[k]!];
							const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
							fc.pre(Math.abs(cross) > 1e-9);
						}
				const r = validateGeometry({ type: 'Polygon', coordinates: [ring] });
				const turfSays = kinks({ type: 'Polygon', coordinates: [ring] }).features.length > 0;
				if (!r.valid && r.code !== 'GEOMETRY_SELF_INTERSECTION') return true; // degenerate etc.
				return (r.valid === false) === turfSays;
			}),
			{ numRuns: 400, seed: 42 }
		);
	});
});
