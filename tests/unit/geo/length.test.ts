/** lengthM against GeographicLib's `Planimeter -l` (fixtures in tests/fixtures/geodesic, see README). */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Feature, FeatureCollection, LineString, MultiLineString } from 'geojson';
import { describe, expect, it } from 'vitest';
import { lengthM } from '../../../src/lib/geo/lengthM';

const FIX = resolve('tests/fixtures/geodesic');
const cases = JSON.parse(readFileSync(join(FIX, 'cases.geojson'), 'utf8')) as FeatureCollection;
const lines = cases.features.filter(
	(f): f is Feature<LineString | MultiLineString> =>
		f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString'
);

describe('lengthM (WGS84 ellipsoid) against Planimeter -l', () => {
	it('has line fixtures', () => expect(lines.length).toBeGreaterThanOrEqual(3));
	for (const f of lines) {
		it(String(f.id), () => {
			const expected = readFileSync(join(FIX, `${String(f.id)}.out`), 'utf8')
				.trim()
				.split('\n')
				.reduce((s, l) => s + Number(l.trim().split(/\s+/)[1]), 0);
			expect(Math.abs(lengthM(f.geometry) / expected - 1)).toBeLessThan(1e-6);
		});
	}
	it('one degree of meridian at 13.5°S is ~110.6 km, not the spherical 111.2 km', () => {
		const m = lengthM({
			type: 'LineString',
			coordinates: [
				[-72, -14],
				[-72, -13]
			]
		});
		expect(m).toBeGreaterThan(110_500);
		expect(m).toBeLessThan(110_700);
	});
	it('is 0 for a degenerate line', () => {
		expect(lengthM({ type: 'LineString', coordinates: [[-72, -13]] })).toBe(0);
	});
});
