import { describe, expect, it } from 'vitest';
import { imageQuadErrorM, squareToQuad } from '../../../src/lib/geo/imageQuadErrorM';
import { project, unproject } from '../../../src/lib/geo/crs';

describe('imageQuadErrorM', () => {
	it('squareToQuad maps the unit square corners onto the quad', () => {
		const q = [
			[0, 10],
			[12, 11],
			[13, -1],
			[-1, 0]
		] as const;
		const H = squareToQuad(q);
		const pts = [H(0, 0), H(1, 0), H(1, 1), H(0, 1)];
		pts.forEach((p, i) => {
			expect(p[0]).toBeCloseTo(q[i]![0], 9);
			expect(p[1]).toBeCloseTo(q[i]![1], 9);
		});
	});

	it('a Web-Mercator-aligned image has no error', () => {
		// a lon/lat box is a rectangle in Mercator, but NOT linear in latitude: use a Mercator bbox
		const R = 6378137;
		const toLonLat = ([x, y]: readonly [number, number]) =>
			[((x / R) * 180) / Math.PI, ((2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * 180) / Math.PI] as const;
		const [x, y] = [-8018000, -1508000];
		expect(imageQuadErrorM([x, y, x + 5000, y + 5000], toLonLat)).toBeLessThan(0.001);
	});

	it('a 5 km UTM 18S orthophoto at Chinchero is placed within half a metre (≈ 0.2 m)', () => {
		const [e, n] = project([-72.03, -13.42], 32718);
		const err = imageQuadErrorM([e, n, e + 5000, n + 4000], (xy) => unproject(xy, 32718));
		expect(err).toBeGreaterThan(0.05);
		expect(err).toBeLessThan(0.5);
	});

	it('grows with the extent (100 km tile: metres, reported honestly)', () => {
		const [e, n] = project([-72.5, -14], 32718);
		const small = imageQuadErrorM([e, n, e + 5000, n + 5000], (xy) => unproject(xy, 32718));
		const big = imageQuadErrorM([e, n, e + 100_000, n + 100_000], (xy) => unproject(xy, 32718));
		expect(big).toBeGreaterThan(small * 10);
		expect(big).toBeGreaterThan(1);
	});
});
