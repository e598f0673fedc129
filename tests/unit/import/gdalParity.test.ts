/**
 * Behaviours that follow GDAL (issue 6, peer corpus): KML Folders as layers and one root Feature,
 * GPX routes/tracks with fewer than 2 points counted, a .shx that disagrees with the .shp recovered
 * from the .shp, a file whose features are all invalid still read (reasons listed), and GeoTIFFs GDAL
 * reads that geotiff.js alone does not: no georeferencing, Int64, complex. TIFFs are made with
 * gdal_translate at test time (skipped without gdal-bin).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../src/lib/geo/import';
import { exportShapefile } from '../../../src/lib/geo/export/shapefile';
import { listZip, readZip } from '../../../src/lib/geo/import/zip';
import { ReadContext } from '../../../src/lib/geo/import/context';
import { zipSync } from 'fflate';

const enc = (s: string) => new TextEncoder().encode(s);
const pm = (name: string, lon: number) =>
	`<Placemark><name>${name}</name><Point><coordinates>${lon},-13.4</coordinates></Point></Placemark>`;

describe('KML layers as GDAL LIBKML', () => {
	it('the Document is one layer and each Folder another; empty folders give none', async () => {
		const kml = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Proyecto</name>${pm('a', -72)}
			<Folder><name>Zanjas</name>${pm('b', -72.01)}${pm('c', -72.02)}<Folder>${pm('d', -72.03)}</Folder></Folder>
			<Folder><name>Vacía</name></Folder></Document></kml>`;
		const r = await importFile(enc(kml), { name: 'p.kml' });
		expect(r.layers.map((l) => [l.name, l.features.length])).toEqual([
			['Proyecto', 1],
			['Zanjas', 2],
			['Layer0', 1]
		]);
	});
	it('a Folder-only file made by ogr2ogr keeps its folder name', async () => {
		const r = await importFile(new Uint8Array(readFileSync('tests/fixtures/import/parcelas.kml')), {
			name: 'parcelas.kml'
		});
		expect(r.layers.map((l) => l.name)).toEqual(['parcelas']);
	});
	it('<kml> holds one Feature: the others are ignored with a warning', async () => {
		const r = await importFile(enc(`<kml>${pm('a', -72)}${pm('b', -72.1)}</kml>`), { name: 'dos.kml' });
		expect(r.layers[0]?.features).toHaveLength(1);
		expect(r.warnings.map((w) => w.code)).toContain('IMPORT_KML_EXTRA_ROOT_FEATURES');
	});
	it('non-standard <MultiPolygon> etc. are read as MultiGeometry', async () => {
		const kml = `<kml><Document><Placemark><MultiLineString><LineString><coordinates>-72,-13.4 -72.1,-13.5</coordinates></LineString></MultiLineString></Placemark></Document></kml>`;
		const r = await importFile(enc(kml), { name: 'm.kml' });
		expect(r.layers[0]?.features[0]?.geometry?.type).toMatch(/LineString/);
	});
});

describe('GPX and all-invalid files', () => {
	it('routes/tracks without points are kept (null geometry), single-point ones listed invalid', async () => {
		const gpx = `<gpx version="1.1"><rte><name>vacía</name></rte><rte><rtept lat="-13.4" lon="-72"/><rtept lat="-13.5" lon="-72"/></rte>
			<trk><trkseg/></trk><trk><trkseg><trkpt lat="-13.4" lon="-72"/></trkseg></trk></gpx>`;
		const r = await importFile(enc(gpx), { name: 't.gpx' });
		const routes = r.layers.find((l) => l.name === 'routes');
		const tracks = r.layers.find((l) => l.name === 'tracks');
		expect(routes?.features.map((f) => f.geometry?.type ?? null)).toEqual([null, 'LineString']);
		expect(routes?.features[0]?.properties?.name).toBe('vacía');
		expect(tracks?.features.map((f) => f.geometry)).toEqual([null]);
		expect(tracks?.invalid.map((i) => [i.index, i.reason.code])).toEqual([[1, 'IMPORT_GEOM_TOO_FEW_POINTS']]);
	});
	it('a file whose features are all invalid is read, with every reason and a warning', async () => {
		const gj = {
			type: 'FeatureCollection',
			features: [
				{
					type: 'Feature',
					properties: {},
					geometry: {
						type: 'Polygon',
						coordinates: [
							[
								[-72, -13],
								[-72.1, -13],
								[-72.1, -13.1],
								[-72, -13.1]
							]
						]
					}
				}
			]
		};
		const r = await importFile(enc(JSON.stringify(gj)), { name: 'abierto.geojson' });
		expect(r.layers[0]?.features).toHaveLength(0);
		expect(r.layers[0]?.invalid[0]?.reason.code).toBe('IMPORT_GEOM_RING_NOT_CLOSED');
		expect(r.warnings.map((w) => w.code)).toContain('IMPORT_NO_VALID_FEATURES');
	});
});

describe('shapefile with a .shx that disagrees with the .shp', () => {
	it('is read with the .shp record lengths and a warning, as GDAL does', async () => {
		const fc = {
			type: 'FeatureCollection' as const,
			features: [0, 1].map((i) => ({
				type: 'Feature' as const,
				properties: { n: i },
				geometry: { type: 'Point' as const, coordinates: [-72 - i / 100, -13.4] }
			}))
		};
		const zip = exportShapefile(fc, { name: 'p', epsg: 4326 }).bytes;
		const ctx = new ReadContext({ name: 'p.zip' });
		const files = readZip(zip, ctx, () => true);
		const shxName = listZip(zip).find((e) => e.name.endsWith('.shx'))!.name;
		const shx = files.get(shxName)!;
		new DataView(shx.buffer, shx.byteOffset).setInt32(104, 30, false); // record 1: 60 bytes instead of 20
		const r = await importFile(zipSync(Object.fromEntries(files)), { name: 'p.zip' });
		expect(r.layers[0]?.features).toHaveLength(2);
		expect(r.warnings.map((w) => w.code)).toContain('IMPORT_SHX_REPAIRED');
	});
});

const gdal = spawnSync('sh', ['-c', 'command -v gdal_translate']).status === 0;
describe.skipIf(!gdal)('GeoTIFFs GDAL reads', () => {
	const dir = mkdtempSync(join(tmpdir(), 'yaku-parity-'));
	const asc = join(dir, 'g.asc');
	writeFileSync(
		asc,
		[
			'ncols 3',
			'nrows 2',
			'xllcorner 810000',
			'yllcorner 8500000',
			'cellsize 30',
			'NODATA_value -9999',
			'1 2 3',
			'4 -9999 600'
		].join('\n')
	);
	const tif = (name: string, ...args: string[]) => {
		const out = join(dir, name);
		execFileSync('gdal_translate', ['-q', ...args, asc, out]);
		return new Uint8Array(readFileSync(out));
	};
	it('Int64 and complex samples (real part, with a warning)', async () => {
		const i64 = await importFile(tif('i64.tif', '-ot', 'Int64', '-a_srs', 'EPSG:32718'), { name: 'i64.tif' });
		expect([i64.layers[0]?.raster?.min, i64.layers[0]?.raster?.max]).toEqual([1, 600]);
		expect(Number.isNaN(i64.layers[0]?.raster?.values?.[4])).toBe(true);
		const cf = await importFile(tif('c.tif', '-ot', 'CFloat32', '-a_srs', 'EPSG:32718'), { name: 'c.tif' });
		expect([cf.layers[0]?.raster?.min, cf.layers[0]?.raster?.max]).toEqual([1, 600]);
		expect(cf.warnings.map((w) => w.code)).toContain('IMPORT_TIFF_COMPLEX');
	});
	it('without georeferencing: read in pixels, not placed, a warning that says how to fix it', async () => {
		const bytes = tif('plain.tif', '-of', 'GTiff', '-co', 'PROFILE=BASELINE', '-a_nodata', 'none');
		// strip the georeferencing with a fresh BASELINE copy (no GeoTIFF tags)
		const r = await importFile(bytes, { name: 'plain.tif' });
		const l = r.layers[0]!;
		expect(l.raster?.width).toBe(3);
		expect(l.raster?.cornersWgs84).toBeUndefined();
		expect(l.raster?.georeferenced).toBe(false); // the wizard asks for no CRS
		expect(l.crs.used).toBeNull();
		const w = r.warnings.find((x) => x.code === 'IMPORT_TIFF_NO_GEOREF');
		expect(w?.message).toMatch(/sin georreferencia.*gdal_translate/);
	});
});

describe('in-place conversion of driver-owned geometries (shapefile)', () => {
	it('converts valid features in place and leaves invalid ones in source coordinates', async () => {
		const { finishLayer, declaredFromEpsg } = await import('../../../src/lib/geo/import/layer');
		const ring = (x: number, bad = false): number[][] => [
			[x, 8515000],
			[x, 8515100],
			[x + 100, bad ? NaN : 8515100],
			[x + 100, 8515000],
			[x, 8515000]
		];
		const mk = (x: number, bad = false) => ({
			type: 'Feature' as const,
			properties: {},
			geometry: { type: 'Polygon' as const, coordinates: [ring(x, bad)] }
		});
		const raw = {
			name: 't',
			format: 'shapefile' as const,
			features: [mk(815000), mk(816000, true)],
			fields: [],
			declared: declaredFromEpsg('EPSG:32718'),
			ownsGeometries: true
		};
		const copy = finishLayer(
			{ ...raw, features: [mk(815000)], ownsGeometries: false }, // bbox of the valid one only
			new ReadContext({ name: 't.zip' }),
			undefined
		);
		const l = finishLayer(raw, new ReadContext({ name: 't.zip' }), undefined);
		expect(l.features).toHaveLength(1);
		expect(l.features[0]?.geometry).toEqual(copy.features[0]?.geometry);
		expect(l.bbox).toEqual(copy.bbox);
		expect(l.invalid[0]?.reason.code).toBe('IMPORT_GEOM_NON_FINITE');
		expect((l.invalid[0]?.feature?.geometry as { coordinates: number[][][] }).coordinates[0]?.[0]).toEqual([
			816000, 8515000
		]);
	});
});
