/** The real-data loader (npm run load-geodata), always into temp data dirs (never the repo's data/). */
import { spawnSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FeatureCollection, Point } from 'geojson';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearLayerCache, listLayers } from '../../../src/lib/server/geodata/catalogue';
import {
	LoaderUsageError,
	formatLoadReport,
	loadGeodataFolder
} from '../../../src/lib/server/geodata/loader';
import { PSAD56_UTM18S_ESRI_PRJ, WGS84_UTM19S_PRJ, nameDbf, pointShp, zip } from './fixtureWriters';

const SHARED = resolve('..', 'shared', 'data');
const SEEDS = resolve('scripts/seed-manifests');
const hasShared = existsSync(join(SHARED, 'chinchero-district.geojson'));
if (!hasShared)
	console.warn(`[yaku] ${SHARED} no existe / is absent: se omiten las pruebas del cargador con datos INEI.`);

let tmp: string;
let src: string;
let dataDir: string;
beforeEach(() => {
	tmp = mkdtempSync(join(tmpdir(), 'yaku-loader-'));
	src = join(tmp, 'src');
	dataDir = join(tmp, 'data');
	mkdirSync(src);
	clearLayerCache();
});
afterEach(() => {
	rmSync(tmp, { recursive: true, force: true });
	delete process.env.YAKU_DATA_DIR;
});

const readLayer = (kind: string) =>
	JSON.parse(readFileSync(join(dataDir, 'layers', `${kind}.geojson`), 'utf8')) as FeatureCollection;
const readProv = (kind: string) =>
	JSON.parse(readFileSync(join(dataDir, 'layers', `${kind}.provenance.json`), 'utf8')) as Record<
		string,
		unknown
	>;
const manifest = (files: Record<string, object>) =>
	writeFileSync(join(src, 'yaku-layers.json'), JSON.stringify({ version: 1, files }));
const point = (fc: FeatureCollection, i = 0) => (fc.features[i]!.geometry as Point).coordinates;

describe.skipIf(!hasShared)('loading ../shared/data (INEI) through the seed manifest', () => {
	it('loads distrito / distritos_vecinos / centros_poblados (1 / 2 / 46) with complete provenance', async () => {
		process.env.YAKU_DATA_DIR = dataDir; // default data dir comes from the environment
		const report = await loadGeodataFolder({ folder: SHARED, seedManifestsDir: SEEDS });
		expect(report.manifest).toMatch(/shared-data\.json$/);
		const counts = Object.fromEntries(report.results.map((r) => [r.kind, [r.status, r.featureCount]]));
		expect(counts).toEqual({
			distrito: ['loaded', 1],
			distritos_vecinos: ['loaded', 2],
			centros_poblados: ['loaded', 46]
		});
		for (const kind of ['distrito', 'distritos_vecinos', 'centros_poblados']) {
			const p = readProv(kind);
			for (const k of [
				'source',
				'producer',
				'licence',
				'crs',
				'date',
				'transformation',
				'attribution',
				'loadedAt'
			]) {
				expect(typeof p[k] === 'string' && (p[k] as string).length > 0, `${kind}.${k}`).toBe(true);
			}
			expect(p.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
			expect(p.featureCount).toBe(readLayer(kind).features.length);
			expect(p.illustrative).toBe(false);
		}
		expect(readProv('distrito').licence).toBe('CC BY 4.0');
		expect(String(readProv('distrito').attribution)).toMatch(/INEI/);
		expect(formatLoadReport(report)).toMatch(/3 cargados/);

		const layers = await listLayers({ dataDir, geodataDir: resolve('geodata') });
		const d = layers.find((l) => l.kind === 'distrito')!;
		expect(d).toMatchObject({ status: 'ok', illustrative: false, featureCount: 1 });
		expect(d.provenance.attribution).toMatch(/INEI/);
	});

	it('is idempotent: a second run reports the layers unchanged', async () => {
		await loadGeodataFolder({ folder: SHARED, dataDir, seedManifestsDir: SEEDS });
		const again = await loadGeodataFolder({ folder: SHARED, dataDir, seedManifestsDir: SEEDS });
		expect(again.results.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
	});
});

describe('loader on synthetic folders', () => {
	it('reprojects a PSAD56 shapefile whose ESRI .prj has no TOWGS84 (no 440 m shift)', async () => {
		// Reference (PROJ picks EPSG:1208 for Peru, as src/lib/geo/crs.ts does; docs/decisions/030):
		//   echo "-13.40 -72.05" | cs2cs -f %.3f EPSG:4326 EPSG:24878   →  819737.904 8517088.249
		writeFileSync(join(src, 'manantes.shp'), pointShp([[819737.904, 8517088.249]]));
		writeFileSync(join(src, 'manantes.dbf'), nameDbf(['Ñawpa pukyu']));
		writeFileSync(join(src, 'manantes.prj'), PSAD56_UTM18S_ESRI_PRJ);
		const report = await loadGeodataFolder({ folder: src, dataDir, seedManifestsDir: SEEDS });
		expect(report.results[0]).toMatchObject({ kind: 'manantes', status: 'loaded', sourceCrs: 'EPSG:24878' });
		const [lon, lat] = point(readLayer('manantes'));
		expect(Math.abs(lon! + 72.05)).toBeLessThan(2e-6);
		expect(Math.abs(lat! + 13.4)).toBeLessThan(2e-6);
		expect(readLayer('manantes').features[0]!.properties?.nombre).toBe('Ñawpa pukyu');
		expect(String(readProv('manantes').transformation)).toMatch(/EPSG:24878.*EPSG:1208/);
	});

	it('reads a zipped WGS84 / UTM 19S shapefile and a Latin-1 .dbf without .cpg', async () => {
		// echo "-71.99 -13.41" | cs2cs -f %.3f +proj=longlat +datum=WGS84 +to +proj=utm +zone=19 +south +datum=WGS84
		const shp = pointShp([[176168.761, 8515562.277]]);
		writeFileSync(
			join(src, 'springs.zip'),
			zip([
				{ name: 'capa/springs.shp', data: shp, deflate: true },
				{ name: 'capa/springs.dbf', data: nameDbf(['Pukyu Ñan'], 'latin1'), deflate: true },
				{ name: 'capa/springs.prj', data: Buffer.from(WGS84_UTM19S_PRJ) }
			])
		);
		manifest({ 'springs.zip': { kind: 'manantes', source: 'prueba', licence: 'CC0 1.0' } });
		const report = await loadGeodataFolder({ folder: src, dataDir });
		expect(report.results[0]).toMatchObject({ status: 'loaded', sourceCrs: 'EPSG:32719' });
		expect(report.results[0]!.warnings.join(' ')).toMatch(/Windows-1252/);
		const fc = readLayer('manantes');
		const [lon, lat] = point(fc);
		expect(Math.abs(lon! + 71.99)).toBeLessThan(1e-6);
		expect(Math.abs(lat! + 13.41)).toBeLessThan(1e-6);
		expect(fc.features[0]!.properties?.nombre).toBe('Pukyu Ñan');
		expect(readProv('manantes')).toMatchObject({
			source: 'prueba',
			licence: 'CC0 1.0',
			sourceCrs: 'EPSG:32719'
		});
	});

	it('reprojects a GeoJSON with a legacy crs member; refuses unknown CRSs', async () => {
		writeFileSync(
			join(src, 'a.geojson'),
			JSON.stringify({
				type: 'FeatureCollection',
				crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32718' } },
				features: [
					{
						type: 'Feature',
						properties: {},
						geometry: { type: 'Point', coordinates: [819508.812, 8516721.663] }
					}
				]
			})
		);
		writeFileSync(
			join(src, 'b.geojson'),
			JSON.stringify({
				type: 'FeatureCollection',
				crs: { type: 'name', properties: { name: 'EPSG:3857' } },
				features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } }]
			})
		);
		manifest({ 'a.geojson': { kind: 'centros_poblados' }, 'b.geojson': { kind: 'manantes' } });
		const report = await loadGeodataFolder({ folder: src, dataDir });
		expect(report.results.find((r) => r.file === 'a.geojson')).toMatchObject({
			status: 'loaded',
			sourceCrs: 'EPSG:32718'
		});
		const [lon, lat] = point(readLayer('centros_poblados'));
		expect(Math.abs(lon! + 72.05)).toBeLessThan(1e-6);
		expect(Math.abs(lat! + 13.4)).toBeLessThan(1e-6);
		expect(report.results.find((r) => r.file === 'b.geojson')).toMatchObject({
			status: 'invalid',
			code: 'GEODATA_CRS_UNKNOWN'
		});
	});

	it('reports unclassifiable, corrupt and invalid files, writes nothing partial, loads the rest', async () => {
		const good = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-72.03, -13.42] } }
			]
		};
		writeFileSync(join(src, 'laguna.geojson'), '\uFEFF{"type":"FeatureCollection","features":[');
		writeFileSync(join(src, 'unknown-thing.geojson'), JSON.stringify(good));
		writeFileSync(join(src, 'manantes.geojson'), JSON.stringify(good)); // kind from the file name
		writeFileSync(
			join(src, 'projected.geojson'),
			JSON.stringify({
				...good,
				features: [{ ...good.features[0], geometry: { type: 'Point', coordinates: [819508.8, 8516721.6] } }]
			})
		);
		writeFileSync(
			join(src, 'truncated.zip'),
			zip([{ name: 'x.shp', data: pointShp([[1, 2]]) }]).subarray(0, 60)
		);
		writeFileSync(join(src, 'README.md'), 'docs are ignored');
		const kindMap = join(tmp, 'kinds.json');
		writeFileSync(
			kindMap,
			JSON.stringify({
				version: 1,
				files: {
					'laguna.geojson': { kind: 'laguna' },
					'projected.geojson': { kind: 'centros_poblados' },
					'truncated.zip': { kind: 'quebradas' },
					'gone.geojson': { kind: 'zee' }
				}
			})
		);
		const report = await loadGeodataFolder({ folder: src, dataDir, kindMapFile: kindMap });
		const by = Object.fromEntries(report.results.map((r) => [r.file, r]));
		expect(by['laguna.geojson']).toMatchObject({ status: 'invalid', code: 'GEODATA_PARSE_ERROR' });
		expect(by['unknown-thing.geojson']).toMatchObject({ status: 'skipped', code: 'GEODATA_UNCLASSIFIED' });
		expect(by['manantes.geojson']).toMatchObject({ status: 'loaded', kind: 'manantes', featureCount: 1 });
		expect(by['projected.geojson']).toMatchObject({ status: 'invalid', code: 'GEODATA_INVALID' });
		expect(by['projected.geojson']!.message).toMatch(/fuera del rango/);
		expect(by['truncated.zip']).toMatchObject({ status: 'invalid', code: 'GEODATA_INVALID' });
		expect(by['gone.geojson']).toMatchObject({ status: 'skipped', code: 'GEODATA_MISSING' });
		expect(by['README.md']).toBeUndefined();
		expect(readdirSync(join(dataDir, 'layers')).sort()).toEqual([
			'manantes.geojson',
			'manantes.provenance.json'
		]);
		expect(readProv('manantes').source).toMatch(/no declarada/);
	});

	it('refuses shapefiles whose headers lie (dbf record count, record type, truncation)', async () => {
		const shp = pointShp([
			[-72.03, -13.42],
			[-72.02, -13.41]
		]);
		const lyingDbf = nameDbf(['a', 'b']);
		lyingDbf.writeUInt32LE(2 ** 31, 4);
		writeFileSync(join(src, 'a.shp'), shp);
		writeFileSync(join(src, 'a.dbf'), lyingDbf);
		const wrongType = Buffer.from(shp);
		wrongType.writeInt32LE(3, 100 + 8); // first record says polyline in a point file
		writeFileSync(join(src, 'b.shp'), wrongType);
		writeFileSync(join(src, 'c.shp'), shp.subarray(0, shp.length - 10));
		manifest({
			'a.shp': { kind: 'manantes' },
			'b.shp': { kind: 'centros_poblados' },
			'c.shp': { kind: 'laguna' }
		});
		const started = Date.now();
		const report = await loadGeodataFolder({ folder: src, dataDir });
		expect(Date.now() - started).toBeLessThan(5000);
		for (const r of report.results)
			expect(r, r.file).toMatchObject({ status: 'invalid', code: 'GEODATA_INVALID' });
		expect(report.results.map((r) => r.message).join('\n')).toMatch(/dbf.*tamaño|cabecera del \.dbf/);
		expect(existsSync(join(dataDir, 'layers'))).toBe(false);
	});

	it('refuses a zip bomb by its declared compression ratio', async () => {
		const big = Buffer.alloc(20 * 1024 * 1024); // 20 MB of zeros deflate to ~20 KB (ratio ~1000)
		writeFileSync(join(src, 'bomb.zip'), zip([{ name: 'bomb.shp', data: big, deflate: true }]));
		manifest({ 'bomb.zip': { kind: 'laguna' } });
		const report = await loadGeodataFolder({ folder: src, dataDir });
		expect(report.results[0]).toMatchObject({ status: 'invalid', code: 'GEODATA_INVALID' });
		expect(report.results[0]!.message).toMatch(/bomba|ZIP/);
	});

	it('throws LoaderUsageError for a missing folder or a bad manifest', async () => {
		await expect(loadGeodataFolder({ folder: join(tmp, 'nope'), dataDir })).rejects.toBeInstanceOf(
			LoaderUsageError
		);
		writeFileSync(
			join(src, 'yaku-layers.json'),
			JSON.stringify({ version: 1, files: { 'a.geojson': { kind: 'rio' } } })
		);
		await expect(loadGeodataFolder({ folder: src, dataDir })).rejects.toMatchObject({
			code: 'LOADER_MANIFEST_INVALID'
		});
	});
});

describe('CLI scripts/load-geodata.ts', () => {
	const cli = (...args: string[]) =>
		spawnSync(process.execPath, ['--import', 'tsx', resolve('scripts/load-geodata.ts'), ...args], {
			encoding: 'utf8',
			env: { ...process.env, YAKU_DATA_DIR: dataDir }
		});

	it('exits 2 with usage on bad arguments', () => {
		const r = cli();
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/Uso \/ usage/);
		expect(cli(join(tmp, 'missing')).status).toBe(2);
	});

	it('exits 0 and prints the summary table when files load (even if some are skipped)', () => {
		writeFileSync(
			join(src, 'manantes.geojson'),
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-72.03, -13.42] } }
				]
			})
		);
		writeFileSync(join(src, 'other.geojson'), '{}');
		const r = cli(src);
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/manantes\s+cargado\s+1/);
		expect(r.stdout).toMatch(/GEODATA_UNCLASSIFIED/);
		expect(existsSync(join(dataDir, 'layers', 'manantes.geojson'))).toBe(true);
	});
});
