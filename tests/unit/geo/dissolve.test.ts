/**
 * dissolvePolygons against GeographicLib's Planimeter (Debian geographiclib-tools 2.1.2) and SpatiaLite 5.0.1
 * (GEOS 3.11.1). Reference commands (lat lon per line for Planimeter; m²):
 *   A ∪ B (8-vertex outline):  printf -- '-13.4 -72\n-13.4 -71.99\n-13.395 -71.99\n-13.395 -71.985\n-13.385 -71.985\n
 *                              -13.385 -71.995\n-13.39 -71.995\n-13.39 -72\n' | Planimeter   → 8 6568.368368 2097015.8
 *   C:                         printf -- '-13.4 -71.97\n-13.4 -71.96\n-13.39 -71.96\n-13.39 -71.97\n' | Planimeter
 *                                                                                          → 4 4378.890323 1198282.6
 *   D outer (hole filled by E): printf -- '-13.42 -72.02\n-13.42 -72.00\n-13.40 -72.00\n-13.40 -72.02\n' | Planimeter
 *                                                                                          → 4 8757.517303 4792839.0
 *   SpatiaLite: SELECT ST_Area(ST_Union(g), 1), ST_NumGeometries(ST_Union(g)) FROM (A UNION ALL B UNION ALL C)
 *                                                                                          → 3295298.36258245|2
 * The union's vertices where A's top edge meets B's left edge lie on a geodesic, not exactly at the
 * Planimeter corner (≈ 5 mm at 1 km): tolerance 1e-6 relative.
 */
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaHa } from '../../../src/lib/geo/areaHa';
import { dissolvePolygons } from '../../../src/lib/geo/dissolve';

const box = (x0: number, y0: number, x1: number, y1: number): number[][] => [
	[x0, y0],
	[x1, y0],
	[x1, y1],
	[x0, y1],
	[x0, y0]
];
const poly = (...rings: number[][][]): Polygon => ({ type: 'Polygon', coordinates: rings });
const A = poly(box(-72, -13.4, -71.99, -13.39));
const B = poly(box(-71.995, -13.395, -71.985, -13.385));
const C = poly(box(-71.97, -13.4, -71.96, -13.39));
const D = poly(box(-72.02, -13.42, -72.0, -13.4), box(-72.015, -13.415, -72.005, -13.405).reverse());
const E = poly(box(-72.016, -13.416, -72.004, -13.404));
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('dissolvePolygons', () => {
	it('overlapping + disjoint squares: Planimeter and SpatiaLite areas, 2 parts', () => {
		const r = dissolvePolygons([A, B, C]);
		expect(r.parts).toBe(2);
		expect(rel(r.areaHa * 1e4, 2097015.8 + 1198282.6)).toBeLessThan(1e-6);
		expect(rel(r.areaHa * 1e4, 3295298.36258245)).toBeLessThan(1e-6);
		// overlaps are counted once: less than the sum of the parts
		expect(r.areaHa).toBeLessThan(areaHa(A) + areaHa(B) + areaHa(C));
	});

	it('a hole covered by another polygon disappears; an uncovered hole stays', () => {
		const filled = dissolvePolygons([D, E]);
		expect(filled.parts).toBe(1);
		expect(filled.geometry.coordinates[0]).toHaveLength(1);
		expect(rel(filled.areaHa * 1e4, 4792839.0)).toBeLessThan(1e-6);
		const alone = dissolvePolygons([D]);
		expect(alone.geometry.coordinates[0]).toHaveLength(2);
		expect(rel(alone.areaHa, areaHa(D))).toBeLessThan(1e-6);
	});

	it('a polygon inside another adds nothing; ring orientation of the input does not matter', () => {
		const inner = poly(box(-71.998, -13.398, -71.992, -13.392).reverse());
		const r = dissolvePolygons([A, inner]);
		expect(r.parts).toBe(1);
		expect(rel(r.areaHa, areaHa(A))).toBeLessThan(1e-6);
	});

	it('output is RFC 7946: closed rings, outer counter-clockwise, holes clockwise, lon/lat', () => {
		const r = dissolvePolygons([D]);
		const [outer, hole] = r.geometry.coordinates[0]!;
		const signed = (ring: number[][]) =>
			ring.slice(1).reduce((s, p, i) => s + (ring[i]![0]! * p[1]! - p[0]! * ring[i]![1]!), 0) / 2;
		expect(outer![0]).toEqual(outer![outer!.length - 1]);
		expect(signed(outer!)).toBeGreaterThan(0);
		expect(signed(hole!)).toBeLessThan(0);
		for (const p of outer!) {
			expect(p[0]).toBeGreaterThan(-72.03);
			expect(p[0]).toBeLessThan(-71.99);
		}
	});

	it('edge-sharing polygons merge into one part; MultiPolygon input is accepted', () => {
		const left = box(-72, -13.4, -71.99, -13.39);
		const right = box(-71.99, -13.4, -71.98, -13.39);
		const r = dissolvePolygons([{ type: 'MultiPolygon', coordinates: [[left], [right]] }]);
		expect(r.parts).toBe(1);
		expect(rel(r.areaHa, areaHa(poly(left)) + areaHa(poly(right)))).toBeLessThan(1e-6);
	});

	it('empty, degenerate and non-finite input', () => {
		expect(dissolvePolygons([])).toEqual({
			geometry: { type: 'MultiPolygon', coordinates: [] },
			areaHa: 0,
			parts: 0
		});
		const flat = poly([
			[-72, -13.4],
			[-71.99, -13.4],
			[-72, -13.4]
		]);
		const nan = poly([
			[NaN, -13.4],
			[-71.99, -13.4],
			[-71.99, -13.39],
			[NaN, -13.4]
		]);
		const r = dissolvePolygons([flat, nan, C]);
		expect(r.parts).toBe(1);
		expect(rel(r.areaHa * 1e4, 1198282.6)).toBeLessThan(1e-6);
	});

	it('many random overlapping polygons: area between the largest part and the sum, same for any group size', () => {
		let seed = 7;
		const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const polys: Polygon[] = [];
		for (let i = 0; i < 400; i++) {
			const x = -72.05 + rnd() * 0.05;
			const y = -13.45 + rnd() * 0.05;
			const d = 0.001 + rnd() * 0.003;
			polys.push(poly(box(x, y, x + d, y + d)));
		}
		const sum = polys.reduce((s, p) => s + areaHa(p), 0);
		const a = dissolvePolygons(polys, { groupSize: 4 });
		const b = dissolvePolygons(polys, { groupSize: 1000 });
		expect(a.areaHa).toBeLessThan(sum);
		expect(rel(a.areaHa, b.areaHa)).toBeLessThan(1e-9);
		expect(a.parts).toBe(b.parts);
	});
});
