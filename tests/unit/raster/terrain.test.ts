import { describe, expect, it } from 'vitest';
import { aspect } from '../../../src/lib/geo/raster/aspect';
import { contours } from '../../../src/lib/geo/raster/contours';
import { hillshade } from '../../../src/lib/geo/raster/hillshade';
import { hypsometric } from '../../../src/lib/geo/raster/hypsometric';
import { slope } from '../../../src/lib/geo/raster/slope';
import { DEFAULT_SLOPE_CLASSES, slopeClasses } from '../../../src/lib/geo/raster/slopeClasses';
import { demFrom, interior } from './helpers';

describe('slope', () => {
	it('plane rising 1 m per 10 m cell eastwards: 10 % = 5.71° (interior)', () => {
		const dem = demFrom(5, 5, (c) => c * 1);
		const deg = slope(dem);
		const pct = slope(dem, { unit: 'percent' });
		for (const i of interior(5, 5)) {
			expect(deg[i]).toBeCloseTo((Math.atan(0.1) * 180) / Math.PI, 4);
			expect(pct[i]).toBeCloseTo(10, 4);
		}
	});
	it('diagonal plane 3-4-5: gradient 0.5 → 50 %', () => {
		const dem = demFrom(5, 5, (c, r) => c * 3 + r * 4);
		const pct = slope(dem, { unit: 'percent' });
		for (const i of interior(5, 5)) expect(pct[i]).toBeCloseTo(50, 4);
	});
	it('nodata stays NaN and does not poison neighbours', () => {
		const dem = demFrom(5, 5, (c) => c);
		dem.data[12] = NaN;
		const deg = slope(dem);
		expect(deg[12]).toBeNaN();
		expect(Number.isFinite(deg[11])).toBe(true);
	});
});

describe('aspect (direction the slope faces)', () => {
	const cases: [string, (c: number, r: number) => number, number][] = [
		['north-facing (rises to the south)', (_c, r) => r, 0],
		['east-facing (rises to the west)', (c) => -c, 90],
		['south-facing (rises to the north)', (_c, r) => -r, 180],
		['west-facing (rises to the east)', (c) => c, 270]
	];
	for (const [name, f, want] of cases)
		it(name, () => {
			const a = aspect(demFrom(3, 3, f));
			expect(a[4]).toBeCloseTo(want, 6);
		});
	it('flat → NaN', () => expect(aspect(demFrom(3, 3, () => 7))[4]).toBeNaN());
});

describe('hillshade', () => {
	it('flat = cos(zenith)·255 within 1 grey level', () => {
		const hs = hillshade(
			demFrom(3, 3, () => 3700),
			{ altitudeDeg: 45 }
		);
		expect(Math.abs((hs[4] as number) - Math.cos(Math.PI / 4) * 255)).toBeLessThanOrEqual(1);
		const hs30 = hillshade(
			demFrom(3, 3, () => 0),
			{ altitudeDeg: 30 }
		);
		expect(Math.abs((hs30[4] as number) - Math.cos(Math.PI / 3) * 255)).toBeLessThanOrEqual(1);
	});
	it('slope facing the sun is brighter than flat, facing away darker', () => {
		const toward = hillshade(
			demFrom(3, 3, (c, r) => 2 * (c + r)),
			{ azimuthDeg: 315 }
		);
		const away = hillshade(
			demFrom(3, 3, (c, r) => -2 * (c + r)),
			{ azimuthDeg: 315 }
		);
		// c + r rises to the SE (col → east, row → south), so the slope faces NW = toward a 315° sun
		expect(toward[4]).toBeGreaterThan(181);
		expect(away[4]).toBeLessThan(181);
	});
	it('nodata → 0', () => {
		const dem = demFrom(3, 3, () => 1);
		dem.data[4] = NaN;
		expect(hillshade(dem)[4]).toBe(0);
	});
});

describe('slope classes and hypsometric tint', () => {
	it('classifies by half-open ranges, 0 for nodata', () => {
		const k = slopeClasses(Float32Array.from([0, 4.99, 5, 29.9, 80, NaN]));
		expect(Array.from(k)).toEqual([1, 1, 2, 3, 6, 0]);
		expect(DEFAULT_SLOPE_CLASSES).toHaveLength(6);
	});
	it('rejects overlapping tables', () => {
		expect(() =>
			slopeClasses(new Float32Array(1), [
				{ minPct: 0, maxPct: 10, label: 'a', color: '#000000' },
				{ minPct: 5, maxPct: 20, label: 'b', color: '#ffffff' }
			])
		).toThrow(/superpone/);
	});
	it('ramp ends map to first/last stop, nodata transparent', () => {
		const rgba = hypsometric(Float32Array.from([100, 200, NaN]), {
			stops: [
				{ at: 0, color: [0, 0, 0] },
				{ at: 1, color: [255, 255, 255] }
			]
		});
		expect(Array.from(rgba.subarray(0, 4))).toEqual([0, 0, 0, 255]);
		expect(Array.from(rgba.subarray(4, 8))).toEqual([255, 255, 255, 255]);
		expect(rgba[11]).toBe(0);
	});
});

describe('contours', () => {
	it('linear ramp z = 10·col: 15 m and 30 m lines at the interpolated columns', () => {
		const dem = demFrom(5, 4, (c) => 10 * c);
		const fc = contours(dem, { intervalM: 15, output: 'pixel' });
		const levels = fc.features.map((f) => f.properties.elevationM).sort((a, b) => a - b);
		expect(levels).toEqual([15, 30]);
		for (const f of fc.features) {
			const want = f.properties.elevationM / 10 + 0.5; // pixel x of cell centre c + 0.5
			expect(f.geometry.coordinates).toHaveLength(4); // one joined line through 4 rows of centres
			for (const p of f.geometry.coordinates) expect(p[0]).toBeCloseTo(want, 9);
			const ys = f.geometry.coordinates.map((p) => p[1] as number).sort((a, b) => a - b);
			expect(ys[0]).toBeCloseTo(0.5);
			expect(ys[3]).toBeCloseTo(3.5);
		}
	});
	it('closed contour around a peak is one closed ring; lon/lat output by default', () => {
		const dem = demFrom(7, 7, (c, r) => 100 - Math.hypot(c - 3, r - 3) * 10);
		const fc = contours(dem, { levels: [85] });
		expect(fc.features).toHaveLength(1);
		const co = fc.features[0]!.geometry.coordinates;
		expect(co[0]).toEqual(co[co.length - 1]);
		expect(co[0]![0]).toBeGreaterThan(-73);
		expect(co[0]![0]).toBeLessThan(-71);
	});
});

describe('terrarium tiles', () => {
	it('encodes and decodes elevation; nodata transparent', async () => {
		const { encodeTerrarium } = await import('../../../src/lib/geo/raster/demTile');
		const px = encodeTerrarium(Float32Array.from([3712.25, NaN]));
		expect((px[0] as number) * 256 + (px[1] as number) + (px[2] as number) / 256 - 32768).toBeCloseTo(
			3712.25,
			2
		);
		expect(px[7]).toBe(0);
	});
	it('samples a tile over the DEM', async () => {
		const { sampleTile } = await import('../../../src/lib/geo/raster/demTile');
		const dem = demFrom(400, 400, () => 3800, 30);
		// z=14 tile containing (-72.05, -13.39)
		const n = 2 ** 14;
		const [lon, lat] = [-72.05, -13.39];
		const x = Math.floor(((lon + 180) / 360) * n);
		const y = Math.floor(
			((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) *
				n
		);
		const t = sampleTile(dem, 14, x, y, 16);
		expect(t.some((v) => v === 3800) || t.every((v) => Number.isNaN(v))).toBe(true);
	});
});
