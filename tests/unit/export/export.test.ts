/**
 * Exporters: write each format from a fixture, then check the output with GDAL (`ogrinfo -al -so`
 * and `ogr2ogr -t_srs EPSG:4326` from Debian gdal-bin): same feature count, fields and ellipsoidal
 * areas. Also read back with yaku's own importer. Skipped with a message when ogrinfo is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { areaHa } from '../../../src/lib/geo/areaHa';
import { exportLayer, type ExportEpsg, type ExportFormat } from '../../../src/lib/geo/export/index';
import { importFile } from '../../../src/lib/geo/import/index';

const fc = JSON.parse(
	readFileSync('tests/fixtures/import/src/parcelas.geojson', 'utf8')
) as FeatureCollection;
const totalHa = (f: FeatureCollection): number =>
	f.features.reduce(
		(a, x) =>
			a + (x.geometry && /Polygon/.test(x.geometry.type) ? areaHa(x.geometry as Polygon | MultiPolygon) : 0),
		0
	);
const srcHa = totalHa(fc);

let hasOgr = true;
try {
	execFileSync('ogrinfo', ['--version']);
} catch {
	hasOgr = false;
	console.warn('[export] ogrinfo (gdal-bin) not found: GDAL checks skipped');
}
const dir = mkdtempSync(join(tmpdir(), 'yaku-export-'));

const cases: [ExportFormat, ExportEpsg][] = [
	['shapefile', 4326],
	['shapefile', 32718],
	['shapefile', 32719],
	['geojson', 4326],
	['kml', 4326],
	['csv', 4326],
	['csv', 32718]
];

describe('exporters', () => {
	for (const [format, epsg] of cases) {
		it.skipIf(!hasOgr)(`${format} (EPSG:${epsg}) opens in GDAL with the same count, fields and areas`, () => {
			const out = exportLayer(fc, format, { name: `parcelas ${format} ${epsg}`, epsg });
			const path = join(dir, `${epsg}-${out.filename}`);
			writeFileSync(path, out.bytes);
			const src = format === 'shapefile' ? `/vsizip/${path}` : path;
			const info = execFileSync('ogrinfo', ['-ro', '-al', '-so', src], { encoding: 'utf8' });
			expect(info).toMatch(/Feature Count: 3\b/);
			for (const field of format === 'kml' ? [] : ['nombre', 'codigo', 'area_dec'])
				expect(info).toMatch(new RegExp(`^${field}: `, 'm'));
			if (format === 'shapefile')
				expect(info).toContain(epsg === 4326 ? 'WGS 84' : `UTM zone ${epsg === 32718 ? 18 : 19}S`);
			if (format === 'csv') return; // GDAL reads the CSV WKT column as text unless told which column is geometry
			const gj = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '-t_srs', 'EPSG:4326', '/vsistdout/', src], {
				encoding: 'utf8',
				maxBuffer: 1 << 26
			});
			const back = JSON.parse(gj) as FeatureCollection;
			expect(back.features).toHaveLength(3);
			expect(Math.abs(totalHa(back) - srcHa) / srcHa).toBeLessThan(1e-6);
		});
	}

	it('CSV with a WKT column opens in GDAL as geometry', () => {
		if (!hasOgr) return;
		const out = exportLayer(fc, 'csv', { name: 'p', epsg: 4326 });
		const path = join(dir, 'wkt.csv');
		writeFileSync(path, out.bytes);
		const gj = execFileSync(
			'ogr2ogr',
			['-f', 'GeoJSON', '/vsistdout/', path, '-oo', 'GEOM_POSSIBLE_NAMES=wkt', '-oo', 'KEEP_GEOM_COLUMNS=NO'],
			{ encoding: 'utf8' }
		);
		const back = JSON.parse(gj) as FeatureCollection;
		expect(Math.abs(totalHa(back) - srcHa) / srcHa).toBeLessThan(1e-6);
	});

	it('round-trips through yaku’s own importer (shapefile UTM 18S, KML)', async () => {
		const shp = exportLayer(fc, 'shapefile', { name: 'p', epsg: 32718 });
		const r = await importFile(shp.bytes, { name: shp.filename });
		expect(r.layers[0]?.crs.used).toBe('EPSG:32718');
		expect(r.layers[0]?.features[0]?.properties?.nombre).toBe('Zanja Ñaupa Pata');
		expect(
			Math.abs(
				totalHa({ type: 'FeatureCollection', features: r.layers[0]!.features } as FeatureCollection) - srcHa
			) / srcHa
		).toBeLessThan(1e-9);
		const kml = exportLayer(fc, 'kml', { name: 'p' });
		const k = await importFile(kml.bytes, { name: kml.filename });
		expect(k.layers[0]?.features).toHaveLength(3);
	});

	it('CSV escapes formula-looking text and shapefile field names are cut to 10 chars', () => {
		const evil: FeatureCollection = {
			type: 'FeatureCollection',
			features: [
				{
					type: 'Feature',
					properties: { nombre: '=HYPERLINK("x")', descripcion_larga: 'a' },
					geometry: { type: 'Point', coordinates: [-72, -13] }
				}
			]
		};
		const csv = new TextDecoder().decode(exportLayer(evil, 'csv', { name: 'e' }).bytes);
		expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
		const shp = exportLayer(evil, 'shapefile', { name: 'e' });
		expect(shp.notes.join(' ')).toContain('descripcio');
	});
});
