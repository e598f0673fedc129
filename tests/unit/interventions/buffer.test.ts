import * as turf from '@turf/turf';
import * as geographiclib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { areaHa } from '../../../src/lib/geo/areaHa';
import { bufferShape, geodesicCircle } from '../../../src/lib/geo/buffer';

type GL = typeof geographiclib;
const WGS84 = ((geographiclib as unknown as { default?: GL }).default ?? geographiclib).Geodesic.WGS84;

describe('geodesicCircle', () => {
	it('every vertex lies exactly r metres away on the ellipsoid; area ≈ π r²', () => {
		const c = geodesicCircle([-72.05, -13.4], 25);
		const ring = c.coordinates[0]!;
		expect(ring[0]).toEqual(ring[ring.length - 1]);
		for (const p of ring) {
			const s = WGS84.Inverse(-13.4, -72.05, p[1]!, p[0]!).s12 as number;
			expect(Math.abs(s - 25)).toBeLessThan(1e-6);
		}
		expect(Math.abs((areaHa(c) * 10_000) / (Math.PI * 625) - 1)).toBeLessThan(2e-4);
		expect(turf.booleanClockwise(ring)).toBe(false);
	});
	it('turf.circle is spherical: its north–south radius is ≈ 0.5% off at 13°S', () => {
		const t = turf.circle([-72.05, -13.4], 25, { units: 'meters', steps: 64 }).geometry.coordinates[0]!;
		const north = t.reduce((a, b) => (b[1]! > a[1]! ? b : a));
		const s = WGS84.Inverse(-13.4, -72.05, north[1]!, north[0]!).s12 as number;
		expect(Math.abs(s / 25 - 1)).toBeGreaterThan(3e-3);
	});
	it('rejects a non-positive radius', () => {
		expect(() => geodesicCircle([-72, -13], 0)).toThrow(RangeError);
	});
});

describe('bufferShape', () => {
	it('buffers a line into a polygon measured with areaHa', () => {
		const b = bufferShape(
			{
				type: 'LineString',
				coordinates: [
					[-72.05, -13.4],
					[-72.04, -13.4]
				]
			},
			10
		);
		expect(b?.type).toBe('Polygon');
		const ha = areaHa(b!);
		expect(ha).toBeGreaterThan(2.1); // ≈ 1083 m × 20 m + ends
		expect(ha).toBeLessThan(2.25);
	});
});
