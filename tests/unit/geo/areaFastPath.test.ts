/**
 * areaHa's fast path (decision 113): rings whose edges are all ≤ 200 m are measured in the cylindrical
 * equal-area projection of the WGS84 ellipsoid (|lat| ≤ 45°); other rings keep GeographicLib's PolygonArea.
 * The straight-in-projection edges differ from geodesics by a tiny, latitude-dependent amount (asserted below).
 */
import * as geographiclib from 'geographiclib-geodesic';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaHa } from '../../../src/lib/geo/areaHa';

type G = typeof geographiclib;
const lib: G = (geographiclib as unknown as { default?: G }).default ?? geographiclib;
const W = lib.Geodesic.WGS84;

function geographicLibM2(ring: Position[]): number {
	const p = W.Polygon(false);
	for (let i = 0; i < ring.length - 1; i++) p.AddPoint(ring[i]![1]!, ring[i]![0]!);
	return Math.abs(p.Compute(false, true).area ?? 0);
}

let seed = 11;
const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
function star(cx: number, cy: number, r: number): Position[] {
	const k = 6 + Math.floor(rnd() * 9);
	const ring: Position[] = [];
	for (let v = 0; v < k; v++) {
		const t = (2 * Math.PI * v) / k;
		const rr = r * (0.7 + 0.3 * rnd());
		ring.push([
			cx + (rr * Math.cos(t)) / (111320 * Math.cos((cy * Math.PI) / 180)),
			cy + (rr * Math.sin(t)) / 110600
		]);
	}
	ring.push(ring[0]!);
	return ring;
}

describe('areaHa fast path (edges ≤ 200 m)', () => {
	it('small polygons around the microcuenca and elsewhere agree with GeographicLib (< 2e-7 at 13°S, < 1e-6 up to 45°)', () => {
		for (const [lon, lat] of [
			[-72.05, -13.4],
			[-70, -44.9],
			[10, 60], // GeographicLib path
			[100, 0.001]
		] as const)
			for (let i = 0; i < 200; i++) {
				const ring = star(lon + rnd() * 0.1, lat + rnd() * 0.1, 2 + rnd() * 150);
				const want = geographicLibM2(ring);
				const got = areaHa({ type: 'Polygon', coordinates: [ring] }) * 1e4;
				expect(Math.abs(got - want)).toBeLessThan(lat === -13.4 ? 0.01 : 0.03);
				if (want > 1000) expect(Math.abs(got / want - 1)).toBeLessThan(lat === -13.4 ? 2e-7 : 1e-6);
			}
	});

	it('a ring with one long edge uses GeographicLib (same value to round-off)', () => {
		const ring: Position[] = [
			[-72.05, -13.4],
			[-72.04, -13.4],
			[-72.04, -13.399],
			[-72.05, -13.399],
			[-72.05, -13.4]
		];
		expect(areaHa({ type: 'Polygon', coordinates: [ring] }) * 1e4).toBeCloseTo(geographicLibM2(ring), 6);
	});

	it('orientation and the closing vertex do not matter; holes are subtracted', () => {
		const outer = star(-72.05, -13.4, 100);
		const open = outer.slice(0, -1);
		const a = areaHa({ type: 'Polygon', coordinates: [outer] });
		expect(areaHa({ type: 'Polygon', coordinates: [[...outer].reverse()] })).toBeCloseTo(a, 12);
		expect(areaHa({ type: 'Polygon', coordinates: [open] })).toBeCloseTo(a, 12);
		const hole = star(-72.05, -13.4, 20);
		const h = areaHa({ type: 'Polygon', coordinates: [hole] });
		expect(areaHa({ type: 'Polygon', coordinates: [outer, hole] })).toBeCloseTo(a - h, 12);
	});
});
