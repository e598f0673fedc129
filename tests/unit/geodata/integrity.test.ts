/** Integrity of the shipped illustrative geodata in geodata/. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaHa } from '../../../src/lib/geo/areaHa';
import { LAYER_KIND_DEFS, ZEE_CATEGORIAS, isLayerKind } from '../../../src/lib/geo/layerKinds';
import { validateGeoJSON } from '../../../src/lib/geo/validateGeoJSON';

const GEODATA = resolve('geodata');
const SHARED = resolve('..', 'shared', 'data');
const geojsonFiles = readdirSync(GEODATA).filter((f) => f.endsWith('.geojson'));
const load = (name: string) => JSON.parse(readFileSync(join(GEODATA, name), 'utf8')) as FeatureCollection;
const only = <G extends Polygon>(name: string) => load(name).features[0] as Feature<G>;

function decimals(n: number): number {
	const s = String(n);
	return s.includes('.') ? (s.split('.')[1] as string).length : 0;
}

function allPositions(fc: FeatureCollection): Position[] {
	return turf.coordAll(fc as Parameters<typeof turf.coordAll>[0]);
}

describe('geodata/ demo layers', () => {
	it('has one file per demo layer kind', () => {
		const demoKinds = Object.values(LAYER_KIND_DEFS)
			.filter((d) => d.hasDemo)
			.map((d) => `${d.kind}.geojson`)
			.sort();
		expect(geojsonFiles.sort()).toEqual(demoKinds);
	});

	it('stays small (< 1.2 MB in total)', () => {
		const total = readdirSync(GEODATA)
			.filter((f) => f.endsWith('.geojson'))
			.reduce((s, f) => s + statSync(join(GEODATA, f)).size, 0);
		expect(total).toBeLessThan(1.2 * 1024 * 1024);
	});

	for (const file of geojsonFiles) {
		describe(file, () => {
			const kind = file.replace('.geojson', '');
			const fc = load(file);

			it('is a valid WGS84 FeatureCollection of the right geometry type', () => {
				expect(isLayerKind(kind)).toBe(true);
				const v = validateGeoJSON(fc, { geometryType: LAYER_KIND_DEFS[kind as 'laguna'].geometryType });
				expect(v.valid ? 'ok' : v.message).toBe('ok');
			});

			it('has valid geometries (no self-intersections, RFC 7946 winding)', () => {
				for (const f of fc.features) {
					expect(turf.booleanValid(f as Parameters<typeof turf.booleanValid>[0]), String(f.id)).toBe(true);
					if (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') {
						expect(turf.kinks(f as Feature<Polygon>).features, String(f.id)).toHaveLength(0);
						const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
						for (const rings of polys) {
							rings.forEach((ring, i) => {
								// outer rings counter-clockwise, holes clockwise
								expect(turf.booleanClockwise(ring), `${String(f.id)} ring ${i}`).toBe(i > 0);
							});
						}
					}
				}
			});

			it('marks every feature illustrative, with nombre and a stable unique id', () => {
				const ids = new Set<string>();
				for (const f of fc.features) {
					expect(f.properties?.illustrative).toBe(true);
					expect(typeof f.properties?.nombre).toBe('string');
					expect(typeof f.id).toBe('string');
					expect(f.properties?.id).toBe(f.id);
					ids.add(String(f.id));
				}
				expect(ids.size).toBe(fc.features.length);
			});

			it('uses at most 6 decimals', () => {
				for (const p of allPositions(fc)) {
					expect(decimals(p[0] as number)).toBeLessThanOrEqual(6);
					expect(decimals(p[1] as number)).toBeLessThanOrEqual(6);
				}
			});

			it('has a provenance.json that matches it', () => {
				const prov = JSON.parse(readFileSync(join(GEODATA, `${kind}.provenance.json`), 'utf8'));
				expect(prov.featureCount).toBe(fc.features.length);
				expect(prov.illustrative).toBe(true);
				expect(prov.source).toMatch(/ilustrativo — sin fuente oficial/);
				for (const k of ['licence', 'crs', 'date', 'transformation']) expect(prov[k]).toBeTruthy();
			});
		});
	}

	it('lists every file of geodata/ in PROVENANCE.md', () => {
		const doc = readFileSync(join(GEODATA, 'PROVENANCE.md'), 'utf8');
		const files = readdirSync(GEODATA).filter((f) => f !== 'PROVENANCE.md');
		for (const f of files) {
			if (statSync(join(GEODATA, f)).isDirectory()) {
				for (const g of readdirSync(join(GEODATA, f))) expect(doc, `${f}/${g}`).toContain(`${f}/${g}`);
			} else {
				expect(doc, f).toContain(f);
			}
		}
		for (const f of geojsonFiles) {
			const n = load(f).features.length;
			const row = doc.split('\n').find((l) => l.startsWith(`| \`${f}\``));
			expect(row, f).toBeDefined();
			expect(row, f).toContain(`| ${n} `);
		}
	});
});

describe('geodata/ spatial consistency', () => {
	const micro = only<Polygon>('microcuenca.geojson');
	const laguna = only<Polygon>('laguna.geojson');

	it('microcuenca is about 17.6 km² (ellipsoidal)', () => {
		expect(areaHa(micro.geometry)).toBeGreaterThan(1600);
		expect(areaHa(micro.geometry)).toBeLessThan(1900);
	});

	it('laguna is 1.5–2 km long and lies inside the microcuenca', () => {
		const [w, s, e, n] = turf.bbox(laguna);
		const length = Math.max(
			turf.distance([w, s], [e, s], { units: 'kilometers' }),
			turf.distance([w, s], [w, n], { units: 'kilometers' })
		);
		expect(length).toBeGreaterThan(1.5);
		expect(length).toBeLessThan(2.0);
		expect(turf.booleanWithin(laguna, micro)).toBe(true);
	});

	it('quebradas lie inside the microcuenca, have orden 1..3 and reach the lake or another quebrada', () => {
		const lines = load('quebradas.geojson').features as Feature<LineString>[];
		expect(lines.length).toBeGreaterThanOrEqual(5);
		const shore = new Set(laguna.geometry.coordinates[0]!.map((p) => p.join(',')));
		const starts = new Set(lines.map((l) => l.geometry.coordinates[0]!.join(',')));
		for (const l of lines) {
			expect(turf.booleanWithin(l, micro), String(l.id)).toBe(true);
			expect([1, 2, 3]).toContain(l.properties?.orden);
			const end = l.geometry.coordinates.at(-1)!.join(',');
			expect(shore.has(end) || starts.has(end), String(l.id)).toBe(true);
		}
		expect(lines.some((l) => l.properties?.orden === 3)).toBe(true);
	});

	it('manantes: 10–15 points inside the microcuenca, outside the lake, no invented flow', () => {
		const pts = load('manantes.geojson').features as Feature<Point>[];
		expect(pts.length).toBeGreaterThanOrEqual(10);
		expect(pts.length).toBeLessThanOrEqual(15);
		pts.forEach((p, i) => {
			expect(turf.booleanPointInPolygon(p, micro)).toBe(true);
			expect(turf.booleanPointInPolygon(p, laguna)).toBe(false);
			expect(p.properties?.caudal_lps).toBeNull();
			expect(p.properties?.nombre).toBe(`Manante ilustrativo ${i + 1}`);
		});
	});

	it('comunidades use real comunidad names and stay inside the microcuenca, off the lake', () => {
		const real = [
			'Piuray',
			'Pongobamba',
			'Huila Huila',
			'Umasbamba',
			'Taucca',
			'Ccorccor',
			'Cuper Alto',
			'Cuper Bajo',
			'Pucamarca',
			'Yanacona',
			'Ccorimarca'
		];
		const fc = load('comunidades.geojson');
		expect(fc.features.length).toBeGreaterThanOrEqual(5);
		for (const f of fc.features as Feature<Polygon>[]) {
			expect(real).toContain(f.properties?.comunidad);
			expect(f.properties?.nombre).toMatch(/ilustrativo/);
			expect(turf.booleanWithin(turf.pointOnFeature(f), micro)).toBe(true);
			const wet = turf.intersect(turf.featureCollection([f, laguna]));
			expect(wet ? turf.area(wet) / 1e4 : 0, String(f.id)).toBeLessThan(0.01); // rounding slivers only
		}
	});

	it('zee: five legal categories, zones tile the microcuenca (no gaps, no overlaps)', () => {
		const zones = load('zee.geojson').features as Feature<Polygon>[];
		for (const z of zones) {
			expect(ZEE_CATEGORIAS).toContain(z.properties?.categoria);
			expect(typeof z.properties?.subcategoria).toBe('string');
		}
		expect(new Set(zones.map((z) => z.properties?.categoria)).size).toBe(5);
		const sum = zones.reduce((s, z) => s + areaHa(z.geometry), 0);
		expect(Math.abs(sum / areaHa(micro.geometry) - 1)).toBeLessThan(1e-4);
		for (let i = 0; i < zones.length; i++) {
			for (let j = i + 1; j < zones.length; j++) {
				const overlap = turf.intersect(turf.featureCollection([zones[i]!, zones[j]!]));
				const ha = overlap ? turf.area(overlap) / 1e4 : 0;
				expect(ha, `${String(zones[i]!.id)} × ${String(zones[j]!.id)}`).toBeLessThan(0.01);
			}
		}
	});

	it.skipIf(!existsSync(join(SHARED, 'chinchero-district.geojson')))(
		'microcuenca lies inside the real Chinchero district (skipped when ../shared/data is absent)',
		() => {
			const district = JSON.parse(readFileSync(join(SHARED, 'chinchero-district.geojson'), 'utf8'))
				.features[0] as Feature<Polygon>;
			expect(turf.booleanWithin(micro, district)).toBe(true);
		}
	);
	if (!existsSync(join(SHARED, 'chinchero-district.geojson'))) {
		console.warn(`[yaku] ${SHARED} no existe / is absent: se omite la prueba del distrito real.`);
	}
});
