/**
 * areaHa / perimeterM against GeographicLib's Planimeter (Debian geographiclib-tools 2.1.2).
 * Fixtures: tests/fixtures/geodesic/<case>.cmd is the exact command, <case>.out its raw output.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { areaHa } from '../../../src/lib/geo/areaHa';
import { perimeterM } from '../../../src/lib/geo/perimeterM';
import { loadGeodataFolder } from '../../../src/lib/server/geodata/loader';

const FIX = resolve('tests/fixtures/geodesic');
const cases = JSON.parse(readFileSync(join(FIX, 'cases.geojson'), 'utf8')) as FeatureCollection;
/** Planimeter output lines "vertices perimeter_m signed_area_m2", one per ring in GeoJSON order. */
const rings = (id: string) =>
	readFileSync(join(FIX, `${id}.out`), 'utf8')
		.trim()
		.split('\n')
		.map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);

const TOLERANCE = 1e-6; // relative; the brief allows 1e-3

const polygons = cases.features.filter(
	(f): f is Feature<Polygon | MultiPolygon> =>
		f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'
);

describe('areaHa (WGS84 ellipsoid) against Planimeter', () => {
	for (const f of polygons) {
		it(String(f.id), () => {
			const out = rings(String(f.id));
			const structure =
				f.geometry.type === 'Polygon'
					? [f.geometry.coordinates.length]
					: f.geometry.coordinates.map((p) => p.length);
			let k = 0;
			let expectedM2 = 0;
			for (const n of structure) {
				for (let r = 0; r < n; r++) expectedM2 += (r === 0 ? 1 : -1) * Math.abs(out[k++]![2]);
			}
			expect(k).toBe(out.length);
			const ha = areaHa(f.geometry);
			expect(Math.abs(ha / (expectedM2 / 1e4) - 1)).toBeLessThan(TOLERANCE);
		});
	}

	it('is not the spherical turf.area (which is ~0.38% high at 13°S)', () => {
		const f = polygons.find((p) => p.id === 'rect-chinchero')!;
		const ratio = turf.area(f) / 1e4 / areaHa(f.geometry);
		expect(ratio).toBeGreaterThan(1.003);
	});
});

describe('perimeterM against Planimeter', () => {
	for (const f of polygons) {
		it(String(f.id), () => {
			const expected = rings(String(f.id)).reduce((s, r) => s + r[1], 0);
			expect(Math.abs(perimeterM(f.geometry) / expected - 1)).toBeLessThan(TOLERANCE);
		});
	}
	it('outerOnly leaves the holes out', () => {
		const f = polygons.find((p) => p.id === 'polygon-with-hole')!;
		const [outer] = rings('polygon-with-hole');
		expect(Math.abs(perimeterM(f.geometry, { outerOnly: true }) / outer![1] - 1)).toBeLessThan(TOLERANCE);
	});
});

const SHARED = resolve('..', 'shared', 'data');
const hasShared = existsSync(join(SHARED, 'chinchero-district.geojson'));
if (!hasShared)
	console.warn(`[yaku] ${SHARED} no existe / is absent: se omite el área del distrito real (10 243 ha).`);

describe.skipIf(!hasShared)('real INEI district through the loader (needs ../shared/data)', () => {
	const tmp = mkdtempSync(join(tmpdir(), 'yaku-area-'));
	afterAll(() => rmSync(tmp, { recursive: true, force: true }));

	it('Chinchero district is 10,243 ha ± 0.1% (ellipsoidal)', async () => {
		await loadGeodataFolder({
			folder: SHARED,
			dataDir: tmp,
			seedManifestsDir: resolve('scripts/seed-manifests')
		});
		const fc = JSON.parse(readFileSync(join(tmp, 'layers', 'distrito.geojson'), 'utf8')) as FeatureCollection;
		const ha = areaHa(fc.features[0]!.geometry as Polygon);
		expect(Math.abs(ha / 10_243 - 1)).toBeLessThan(0.001);
	});
});
