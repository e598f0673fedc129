/**
 * Drivers on the good fixtures of tests/fixtures/import (made with Debian GDAL/PROJ by
 * make-fixtures.sh, commands in COMMANDS.md): counts, attributes, CRS handling, and reprojection
 * agreeing with PROJ's cs2cs to < 0.01 m.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { project } from '../../../src/lib/geo/crs';
import { importFile, sniffFormat } from '../../../src/lib/geo/import/index';
import type { ImportedLayer } from '../../../src/lib/geo/import/types';

const DIR = join(process.cwd(), 'tests/fixtures/import');
const bytes = (f: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, f)));
const read = (f: string, extra: { sourceCrs?: string } = {}) => importFile(bytes(f), { name: f, ...extra });

function vertices(layer: ImportedLayer): Position[] {
	const out: Position[] = [];
	const stack: unknown[] = layer.features.map(
		(f) => (f.geometry as { coordinates?: unknown } | null)?.coordinates
	);
	while (stack.length) {
		const c = stack.pop();
		if (!Array.isArray(c)) continue;
		if (typeof c[0] === 'number') out.push(c as Position);
		else stack.push(...c);
	}
	return out;
}

/** Max distance (m, in UTM 18S) between each imported vertex and the nearest cs2cs vertex. */
function maxErrorM(layer: ImportedLayer, expectedFile: string): { max: number; n: number; expected: number } {
	const exp = JSON.parse(readFileSync(join(DIR, 'expected', expectedFile), 'utf8')) as {
		epsg: number;
		pairs: number[][];
	};
	// for EPSG:4326 sources the source lon/lat are the reference (cs2cs 4326→4326 swaps axes)
	const ref = exp.pairs.map((p) =>
		exp.epsg === 4326
			? project([p[0] as number, p[1] as number], 32718)
			: project([p[2] as number, p[3] as number], 32718)
	);
	let max = 0;
	const vs = vertices(layer);
	for (const v of vs) {
		const [x, y] = project([v[0] as number, v[1] as number], 32718);
		let best = Infinity;
		for (const r of ref) best = Math.min(best, Math.hypot(r[0] - x, r[1] - y));
		max = Math.max(max, best);
	}
	return { max, n: vs.length, expected: exp.pairs.length };
}

describe('shapefile (zip)', () => {
	for (const [file, epsg] of [
		['parcelas_psad56_18s', 'EPSG:24878'],
		['parcelas_utm18s', 'EPSG:32718'],
		['parcelas_utm19s', 'EPSG:32719'],
		['parcelas_wgs84', 'EPSG:4326']
	] as const) {
		it(`${file}: 3 polygons, attributes, ${epsg}, agrees with cs2cs < 0.01 m`, async () => {
			const r = await read(`${file}.zip`);
			expect(r.format).toBe('shapefile');
			const l = r.layers[0] as ImportedLayer;
			expect(l.features).toHaveLength(3);
			expect(l.crs).toMatchObject({ used: epsg, confirmed: true });
			expect(l.features[0]?.properties).toMatchObject({
				nombre: 'Zanja Ñaupa Pata',
				codigo: 1,
				area_dec: 1.25
			});
			expect(l.fields.map((f) => f.name)).toEqual(['nombre', 'codigo', 'area_dec', 'fecha']);
			const g = l.features[0]?.geometry;
			// a shapefile does not tell Polygon from MultiPolygon: one outer ring → Polygon, outer first, then the hole
			expect(g?.type).toBe('Polygon');
			expect(g?.type === 'Polygon' && g.coordinates.length).toBe(2);
			expect(l.features[2]?.geometry?.type).toBe('MultiPolygon');
			const e = maxErrorM(l, `${file}.json`);
			expect(e.n).toBe(e.expected);
			expect(e.max).toBeLessThan(0.01);
		});
	}

	it('PSAD56 .prj without TOWGS84 gets EPSG:1208 and says so', async () => {
		const r = await read('parcelas_psad56_18s.zip');
		expect(r.warnings.map((w) => w.code)).toContain('IMPORT_PRJ_PSAD56_SHIFT');
	});

	it('Latin-1 .dbf without .cpg is read as Windows-1252 with a warning', async () => {
		const r = await read('parcelas_latin1_nocpg.zip');
		expect(r.warnings.map((w) => w.code)).toContain('IMPORT_DBF_ENCODING');
		expect(r.layers[0]?.features[2]?.properties?.nombre).toBe('Andenería Ccorimarca');
	});

	it('no .prj: nothing read with a guess; UTM 18S proposed first; re-read with the confirmed CRS', async () => {
		const r = await read('parcelas_utm18s_noprj.zip');
		const l = r.layers[0] as ImportedLayer;
		expect(l.crs.used).toBeNull();
		expect(l.features).toHaveLength(0);
		expect(l.pendingFeatureCount).toBe(3);
		expect(l.crs.proposed?.[0]?.id).toBe('EPSG:32718');
		expect(l.crs.proposed?.map((c) => c.id)).toContain('EPSG:24878');
		expect(l.crs.proposed?.map((c) => c.id)).toContain('EPSG:32719');
		expect(r.warnings.map((w) => w.code)).toContain('IMPORT_CRS_REQUIRED');
		const again = await read('parcelas_utm18s_noprj.zip', { sourceCrs: 'EPSG:32718' });
		const e = maxErrorM(again.layers[0] as ImportedLayer, 'parcelas_utm18s.json');
		expect(e.max).toBeLessThan(0.01);
	});

	it('two layers in a sub-folder of one zip', async () => {
		const r = await read('dos_capas.zip');
		expect(r.layers.map((l) => [l.name, l.features.length]).sort()).toEqual([
			['parcelas', 3],
			['puntos', 5]
		]);
		expect(r.layers.find((l) => l.name === 'puntos')?.features[0]?.properties?.name).toBe('Manante Ñawpa');
	});
});

describe('GeoJSON', () => {
	it('legacy crs member is honoured (EPSG:32718)', async () => {
		const r = await read('parcelas_32718_crs.geojson');
		const l = r.layers[0] as ImportedLayer;
		expect(l.crs.used).toBe('EPSG:32718');
		expect(maxErrorM(l, 'parcelas_utm18s.json').max).toBeLessThan(0.01);
	});
	it('projected coordinates without crs are detected, never read as degrees', async () => {
		const r = await read('parcelas_utm_nocrs.geojson');
		expect(r.layers[0]?.crs.used).toBeNull();
		expect(r.layers[0]?.features).toHaveLength(0);
		expect(r.layers[0]?.crs.proposed?.[0]?.id).toBe('EPSG:32718');
	});
	it('a BOM, a bare geometry, ±1e308 and 2-point rings', async () => {
		const enc = (s: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(s)]);
		const r = await importFile(enc('{"type":"Point","coordinates":[-72.05,-13.39]}'), { name: 'p.json' });
		expect(r.layers[0]?.features).toHaveLength(1);
		const fc = JSON.stringify({
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1e308, 0] } },
				{
					type: 'Feature',
					properties: {},
					geometry: {
						type: 'Polygon',
						coordinates: [
							[
								[-72, -13],
								[-72.1, -13.1]
							]
						]
					}
				},
				{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-72.05, -13.39] } }
			]
		});
		const r2 = await importFile(new TextEncoder().encode(fc), { name: 'x.geojson' });
		expect(r2.layers[0]?.features).toHaveLength(1);
		expect(r2.layers[0]?.invalid.map((i) => i.reason.code)).toEqual([
			'IMPORT_GEOM_NON_FINITE',
			'IMPORT_GEOM_TOO_FEW_POINTS'
		]);
	});
});

describe('KML, KMZ, GPX, CSV', () => {
	it('KML and KMZ made by ogr2ogr', async () => {
		for (const f of ['parcelas.kml', 'parcelas.kmz']) {
			const r = await read(f);
			expect(r.layers[0]?.features).toHaveLength(3);
			expect(r.layers[0]?.features[0]?.properties?.nombre).toBe('Zanja Ñaupa Pata');
			expect(maxErrorM(r.layers[0] as ImportedLayer, 'parcelas_wgs84.json').max).toBeLessThan(0.01);
		}
	});
	it('GPX waypoints', async () => {
		const r = await read('puntos.gpx');
		expect(r.layers.map((l) => l.name)).toEqual(['waypoints']);
		expect(r.layers[0]?.features).toHaveLength(5);
	});
	it('GPX lat="-13,42" is read as -13.42 with a warning, never -13', async () => {
		const gpx = '<gpx version="1.1"><wpt lat="-13,42" lon="-72,05"><name>a</name></wpt></gpx>';
		const r = await importFile(new TextEncoder().encode(gpx), { name: 'a.gpx' });
		expect(r.layers[0]?.features[0]?.geometry).toEqual({ type: 'Point', coordinates: [-72.05, -13.42] });
		expect(r.warnings.map((w) => w.code)).toContain('IMPORT_GPX_DECIMAL_COMMA');
	});
	it('CSV lat/lon', async () => {
		const r = await read('puntos_latlon.csv');
		expect(r.layers[0]?.features).toHaveLength(5);
		expect(r.layers[0]?.features[0]?.geometry).toEqual({ type: 'Point', coordinates: [-72.0512, -13.3921] });
	});
	it('CSV este/norte with ; and decimal comma: CRS proposed, then read with UTM 18S', async () => {
		const r = await read('puntos_utm18s.csv');
		expect(r.layers[0]?.crs.proposed?.[0]?.id).toBe('EPSG:32718');
		const ok = await read('puntos_utm18s.csv', { sourceCrs: 'EPSG:32718' });
		const p = ok.layers[0]?.features[0]?.geometry;
		expect(p?.type).toBe('Point');
		const [x, y] = project((p as unknown as { coordinates: [number, number] }).coordinates, 32718);
		const [ex, ey] = project([-72.0512, -13.3921], 32718);
		expect(Math.hypot(x - ex, y - ey)).toBeLessThan(0.01); // CSV holds cs2cs output to 1 mm
		expect(ok.layers[0]?.features[0]?.properties?.caudal).toBe(1.5);
	});
});

describe('GeoTIFF', () => {
	it('DEM (Float32, UTM 18S, nodata → NaN)', async () => {
		const r = await read('dem_utm18s.tif');
		const ras = r.layers[0]?.raster;
		expect(ras).toMatchObject({ width: 40, height: 30, kind: 'dem', noData: -9999 });
		expect(Number.isNaN(ras?.values?.[0])).toBe(true);
		expect(ras?.min).toBeCloseTo(3701.25, 2);
		expect(ras?.bbox).toEqual([814000, 8515000, 815200, 8515900]);
		expect(r.layers[0]?.crs.used).toBe('EPSG:32718');
		expect(ras?.cornersWgs84).toHaveLength(4);
	});
	it('RGB orthophoto (UTM 19S)', async () => {
		const r = await read('orto_utm19s.tif');
		const ras = r.layers[0]?.raster;
		expect(ras).toMatchObject({ width: 32, height: 24, kind: 'rgb' });
		expect(Array.from(ras?.rgba?.slice(0, 4) ?? [])).toEqual([120, 160, 80, 255]);
	});
});

describe('sniffing by content', () => {
	it('ignores a misleading extension', () => {
		const gpx = new TextEncoder().encode('<?xml version="1.0"?><gpx version="1.1"></gpx>');
		expect(sniffFormat(gpx, 'track.kml')[0]?.id).toBe('gpx');
		expect(sniffFormat(bytes('parcelas.kmz'), 'x.zip')[0]?.id).toBe('kmz');
		expect(sniffFormat(bytes('parcelas_utm18s.zip'), 'x.kmz')[0]?.id).toBe('shapefile');
	});
});
