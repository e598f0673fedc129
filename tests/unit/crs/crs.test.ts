import { describe, expect, it } from 'vitest';
import fixtures from '../../fixtures/crs/points.json';
import {
	CRS_LIST,
	CrsError,
	PSAD56_TOWGS84,
	crsDef,
	isSupportedEpsg,
	parseEpsg,
	project,
	transform,
	unproject
} from '$lib/geo/crs';

type Pair = [number, number];
const TOL_M = 0.01;
const TOL_DEG = 1e-8;
const PROJECTED = ['32718', '32719', '24878', '24879'] as const;

interface FixturePoint {
	name: string;
	lonlat: Pair;
	projected: Record<string, Pair>;
	backToWgs84: Record<string, Pair>;
}
const points = fixtures.points as unknown as FixturePoint[];

function dist(a: Pair, b: Pair): number {
	return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

describe('fixtures', () => {
	it('were made with PROJ using the Peru PSAD56 transformation (EPSG:1208)', () => {
		expect(fixtures.proj).toMatch(/^Rel\. \d/);
		expect(fixtures.operations['24878']).toBe('Inverse of PSAD56 to WGS 84 (8) + UTM zone 18S');
		expect(fixtures.operations['24879']).toBe('Inverse of PSAD56 to WGS 84 (8) + UTM zone 19S');
		expect(fixtures.operations['4248']).toBe('Inverse of PSAD56 to WGS 84 (8)');
		expect(points.length).toBeGreaterThanOrEqual(20);
		// both sides of 72°W and exactly on it
		expect(points.some((p) => p.lonlat[0] === -72)).toBe(true);
		expect(points.some((p) => p.lonlat[0] < -72)).toBe(true);
		expect(points.some((p) => p.lonlat[0] > -72)).toBe(true);
	});
});

describe('CRS_LIST', () => {
	it('holds the six CRS with Spanish labels and proj4 strings', () => {
		expect(CRS_LIST.map((c) => c.epsg)).toEqual([4326, 32718, 32719, 24878, 24879, 4248]);
		for (const c of CRS_LIST) {
			expect(c.id).toBe(`EPSG:${c.epsg}`);
			expect(c.label.length).toBeGreaterThan(3);
			expect(c.proj4).toMatch(/^\+proj=/);
		}
		expect(crsDef(24878)?.label).toBe('PSAD56 / UTM zona 18S');
	});
	it('every PSAD56 definition carries the datum shift', () => {
		for (const c of CRS_LIST.filter((c) => c.datum === 'PSAD56')) {
			expect(c.proj4).toContain(`+towgs84=${PSAD56_TOWGS84}`);
			expect(c.proj4).toContain('+ellps=intl');
		}
		expect(PSAD56_TOWGS84).toBe('-279,175,-379,0,0,0,0');
	});
	it('knows other WGS84 UTM zones and PSAD56 17S, rejects the rest', () => {
		expect(crsDef(32717)?.proj4).toBe('+proj=utm +zone=17 +south +datum=WGS84 +units=m +no_defs');
		expect(crsDef(32618)?.hemisphere).toBe('N');
		expect(crsDef(24877)?.zone).toBe(17);
		for (const bad of [3857, 24880, 32700, 32761, 0, NaN, 32718.5]) expect(isSupportedEpsg(bad)).toBe(false);
		expect(() => project([-72, -13], 3857)).toThrow(CrsError);
		try {
			unproject([0, 0], 999);
		} catch (e) {
			expect((e as CrsError).code).toBe('CRS_UNSUPPORTED');
		}
	});
	it('parses EPSG strings', () => {
		expect(parseEpsg('EPSG:24878')).toBe(24878);
		expect(parseEpsg(' epsg:4326 ')).toBe(4326);
		expect(parseEpsg('32719')).toBe(32719);
		expect(parseEpsg('EPSG:')).toBeNull();
		expect(parseEpsg('ESRI:102100x')).toBeNull();
	});
});

describe('project / unproject agree with PROJ cs2cs', () => {
	for (const p of points) {
		it(`${p.name} (${p.lonlat.join(', ')})`, () => {
			for (const epsg of PROJECTED) {
				const ref = p.projected[epsg]!;
				const got = project(p.lonlat, Number(epsg));
				expect(Math.abs(got[0] - ref[0]), `x ${epsg}`).toBeLessThan(TOL_M);
				expect(Math.abs(got[1] - ref[1]), `y ${epsg}`).toBeLessThan(TOL_M);
				const back = unproject(ref, Number(epsg));
				const refBack = p.backToWgs84[epsg]!;
				expect(Math.abs(back[0] - refBack[0]), `lon back ${epsg}`).toBeLessThan(TOL_DEG);
				expect(Math.abs(back[1] - refBack[1]), `lat back ${epsg}`).toBeLessThan(TOL_DEG);
			}
			const geo = project(p.lonlat, 4248);
			const refGeo = p.projected['4248']!;
			expect(Math.abs(geo[0] - refGeo[0])).toBeLessThan(TOL_DEG);
			expect(Math.abs(geo[1] - refGeo[1])).toBeLessThan(TOL_DEG);
			const geoBack = unproject(refGeo, 4248);
			expect(Math.abs(geoBack[0] - p.backToWgs84['4248']![0])).toBeLessThan(TOL_DEG);
			expect(Math.abs(geoBack[1] - p.backToWgs84['4248']![1])).toBeLessThan(TOL_DEG);
		});
	}

	it('round-number map-sheet coordinates go back to the same WGS84 and PSAD56 positions', () => {
		for (const g of fixtures.grid) {
			const xy = g.xy as Pair;
			const wgs = unproject(xy, g.epsg);
			expect(Math.abs(wgs[0] - g.wgs84[0]!)).toBeLessThan(TOL_DEG);
			expect(Math.abs(wgs[1] - g.wgs84[1]!)).toBeLessThan(TOL_DEG);
			if (g.epsg === 24878 || g.epsg === 24879) {
				// PSAD56 projected → PSAD56 geographic has no datum shift: compare through transform()
				const psad = transform(xy, g.epsg, 4248);
				expect(Math.abs(psad[0] - g.psad56[0]!)).toBeLessThan(TOL_DEG);
				expect(Math.abs(psad[1] - g.psad56[1]!)).toBeLessThan(TOL_DEG);
			}
		}
	});
});

describe('PSAD56 vs WGS84 near Chinchero', () => {
	it('the same point is 300–600 m apart between WGS84 and PSAD56 UTM grids (both zones)', () => {
		for (const p of points) {
			const s18 = dist(project(p.lonlat, 32718), project(p.lonlat, 24878));
			const s19 = dist(project(p.lonlat, 32719), project(p.lonlat, 24879));
			expect(s18).toBeGreaterThan(300);
			expect(s18).toBeLessThan(600);
			expect(s19).toBeGreaterThan(300);
			expect(s19).toBeLessThan(600);
			// and the same shift PROJ computes
			const ref18 = dist(p.projected['32718']!, p.projected['24878']!);
			expect(Math.abs(s18 - ref18)).toBeLessThan(TOL_M);
		}
	});
	it('the continental shift (-288,175,-376) would be ~9 m off from what PROJ uses here', async () => {
		const proj4 = (await import('proj4')).default;
		const continental = proj4(
			'+proj=longlat +datum=WGS84 +no_defs',
			'+proj=utm +zone=18 +south +ellps=intl +towgs84=-288,175,-376,0,0,0,0 +units=m +no_defs'
		);
		const p = points[0]!;
		const off = dist(continental.forward(p.lonlat) as Pair, p.projected['24878']!);
		expect(off).toBeGreaterThan(5);
		expect(off).toBeLessThan(15);
	});
});

describe('edge cases', () => {
	it('non-finite input gives NaN, not an exception', () => {
		expect(project([NaN, -13], 32718).every(Number.isNaN)).toBe(true);
		expect(unproject([Infinity, 0], 24878).every(Number.isNaN)).toBe(true);
	});
	it('4326 is the identity and transform() chains', () => {
		expect(project([-72.1, -13.4], 4326)).toEqual([-72.1, -13.4]);
		expect(unproject([-72.1, -13.4], 4326)).toEqual([-72.1, -13.4]);
		const p = points[0]!;
		const z19 = transform(p.projected['32718']!, 32718, 32719);
		expect(dist(z19, p.projected['32719']!)).toBeLessThan(TOL_M);
		const psad19 = transform(p.projected['24878']!, 24878, 24879);
		expect(dist(psad19, p.projected['24879']!)).toBeLessThan(TOL_M);
		expect(transform([1, 2], 24878, 24878)).toEqual([1, 2]);
	});
});
