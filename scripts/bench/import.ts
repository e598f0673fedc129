// npm run bench:import — yaku's importer (src/lib/geo/import, the same code the Web Worker runs) vs GDAL on
// the same generated inputs, in one run:
//  1. a zipped shapefile of BENCH_N (100,000) polygons in WGS 84 / UTM 18S → WGS84 GeoJSON:
//     yaku importFile + JSON.stringify + write, vs `ogr2ogr -f GeoJSON -t_srs EPSG:4326`;
//  2. a 2000×2000 Float32 GeoTIFF DEM (DEFLATE) read to values + min/max: yaku importFile vs `gdalinfo -stats`.
// Medians of BENCH_RUNS (5; the machine is often shared, a median of 5 is steadier than of 3). yaku is timed in-process (the file is already in memory, as in the browser);
// GDAL as whole processes (its start-up is a few ms). Appends to docs/benchmarks.md under "## Import".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import * as prettier from 'prettier';
import type { Feature, FeatureCollection } from 'geojson';
import { importFile } from '../../src/lib/geo/import';
import { exportShapefile } from '../../src/lib/geo/export/shapefile';

const N = Number(process.env.BENCH_N ?? 100_000);
const SIDE = Number(process.env.BENCH_RASTER_SIDE ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
if (!have('ogr2ogr') || !have('gdalinfo') || !have('gdal_translate')) {
	console.error('GDAL not found: apt-get install -y gdal-bin');
	process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'yaku-bench-import-'));
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x)} ms`;

let seed = 20261125;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

// 1. polygons (5-vertex squares, 20–60 m) around the microcuenca, written as a UTM 18S shapefile zip
const features: Feature[] = [];
for (let i = 0; i < N; i++) {
	const x = -72.1 + rnd() * 0.1;
	const y = -13.45 + rnd() * 0.08;
	const d = 0.0002 + rnd() * 0.0004;
	features.push({
		type: 'Feature',
		properties: { id: i, nombre: `parcela ${i}`, area: Math.round(rnd() * 1e4) / 100 },
		geometry: {
			type: 'Polygon',
			coordinates: [
				[
					[x, y],
					[x, y + d],
					[x + d, y + d],
					[x + d, y],
					[x, y]
				]
			]
		}
	});
}
const fc: FeatureCollection = { type: 'FeatureCollection', features };
const shpZip = exportShapefile(fc, { name: 'parcelas', epsg: 32718 }).bytes;
const zipPath = join(dir, 'parcelas.zip');
writeFileSync(zipPath, shpZip);
const ogrCount = /Feature Count: (\d+)/.exec(
	execFileSync('ogrinfo', ['-ro', '-so', '-al', `/vsizip/${zipPath}`], { encoding: 'utf8' })
)?.[1];
if (Number(ogrCount) !== N) throw new Error(`GDAL reads ${ogrCount} features, expected ${N}`);

const yakuShp: number[] = [];
const ogrShp: number[] = [];
let yakuCount = 0;
for (let r = 0; r < RUNS; r++) {
	const t0 = performance.now();
	const res = await importFile(new Uint8Array(shpZip), { name: 'parcelas.zip' });
	const layer = res.layers[0]!;
	yakuCount = layer.features.length;
	writeFileSync(
		join(dir, 'yaku.geojson'),
		JSON.stringify({ type: 'FeatureCollection', features: layer.features })
	);
	yakuShp.push(performance.now() - t0);
	const out = join(dir, 'ogr.geojson');
	rmSync(out, { force: true });
	const t1 = performance.now();
	execFileSync('ogr2ogr', ['-f', 'GeoJSON', '-t_srs', 'EPSG:4326', out, `/vsizip/${zipPath}`]);
	ogrShp.push(performance.now() - t1);
}
if (yakuCount !== N) throw new Error(`yaku read ${yakuCount} features, expected ${N}`);

// 2. a SIDE × SIDE Float32 DEM (smooth synthetic relief, 30 m cells in UTM 18S), DEFLATE GeoTIFF
const asc = join(dir, 'dem.asc');
const lines = [
	`ncols ${SIDE}`,
	`nrows ${SIDE}`,
	'xllcorner 810000',
	'yllcorner 8500000',
	'cellsize 30',
	'NODATA_value -9999'
];
for (let i = 0; i < SIDE; i++) {
	const row = new Array<string>(SIDE);
	for (let j = 0; j < SIDE; j++)
		row[j] = (3700 + 150 * Math.sin(i / 97) * Math.cos(j / 131) + 40 * Math.sin((i + j) / 23)).toFixed(2);
	lines.push(row.join(' '));
}
writeFileSync(asc, lines.join('\n'));
const tif = join(dir, 'dem.tif');
execFileSync('gdal_translate', [
	'-q',
	'-ot',
	'Float32',
	'-a_srs',
	'EPSG:32718',
	'-co',
	'COMPRESS=DEFLATE',
	'-co',
	'TILED=YES',
	asc,
	tif
]);
const tifBytes = readFileSync(tif);
const yakuTif: number[] = [];
const gdalTif: number[] = [];
for (let r = 0; r < RUNS; r++) {
	const t0 = performance.now();
	const res = await importFile(new Uint8Array(tifBytes), { name: 'dem.tif' });
	const raster = res.layers[0]!.raster!;
	if (raster.width !== SIDE || !raster.values) throw new Error('raster not read');
	yakuTif.push(performance.now() - t0);
	rmSync(`${tif}.aux.xml`, { force: true });
	const t1 = performance.now();
	execFileSync('gdalinfo', ['-stats', '-nomd', tif], { encoding: 'utf8' });
	gdalTif.push(performance.now() - t1);
}
rmSync(dir, { recursive: true, force: true });

const gdalVersion = execFileSync('gdalinfo', ['--version'], { encoding: 'utf8' }).trim().replace(/,.*$/, '');
const machine = `${cpus()[0]?.model.trim()}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version}, ${gdalVersion}`;
const runs = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');
console.log(
	`runs (ms): shapefile yaku [${runs(yakuShp)}], ogr2ogr [${runs(ogrShp)}]; GeoTIFF yaku [${runs(yakuTif)}], gdalinfo [${runs(gdalTif)}]`
);
const y1 = median(yakuShp);
const o1 = median(ogrShp);
const y2 = median(yakuTif);
const g2 = median(gdalTif);
const row = `| ${new Date().toISOString().slice(0, 10)} | ${machine} | ${N} polygons | ${ms(y1)} | ${ms(o1)} | **${(y1 / o1).toFixed(2)}×** | ${SIDE}² | ${ms(y2)} | ${ms(g2)} | **${(y2 / g2).toFixed(2)}×** |\n`;
console.log(row);

const doc = resolve('docs/benchmarks.md');
const text = existsSync(doc)
	? readFileSync(doc, 'utf8')
	: '# Benchmarks\n\nMeasured numbers, appended by the bench scripts; newest last in each section.\n';
let updated: string;
if (/^## Import$/m.test(text)) {
	const start = text.search(/^## Import$/m);
	const next = text.slice(start + 1).search(/^## /m);
	const at = next < 0 ? text.length : start + 1 + next;
	const before = text.slice(0, at).replace(/\n*$/, '\n');
	updated = before + row + (at < text.length ? '\n' + text.slice(at) : '');
} else {
	updated =
		text.replace(/\n*$/, '\n') +
		`\n## Import\n\n\`npm run bench:import\`: (1) a zipped shapefile of n polygons (5 vertices each) in WGS 84 / UTM 18S, written by yaku's exporter and checked with ogrinfo, to WGS84 GeoJSON: yaku \`importFile\` (the worker's code, in Node, in-process: unzip + .shp/.dbf + reprojection + validation) + \`JSON.stringify\` + write vs \`ogr2ogr -f GeoJSON -t_srs EPSG:4326\` (whole process); goal ≤ 0.4×. (2) a Float32 DEFLATE tiled GeoTIFF DEM read to values with min/max: yaku \`importFile\` vs \`gdalinfo -stats\` (whole process); goal ≤ 1.5×. Medians of ${RUNS} runs; \`load\` = 1-min load average (2-core machine shared with other work).\n\n| date | machine | shapefile | yaku | ogr2ogr | ratio | GeoTIFF | yaku | gdalinfo -stats | ratio |\n|---|---|---|---|---|---|---|---|---|---|\n` +
		row;
}
// format only the Import section (tables) with the project's prettier config
const s = updated.search(/^## Import$/m);
const after = updated.slice(s + 1).search(/^## /m);
const e = after < 0 ? updated.length : s + 1 + after;
const formatted = await prettier.format(updated.slice(s, e), {
	...((await prettier.resolveConfig(doc)) ?? {}),
	parser: 'markdown'
});
writeFileSync(doc, updated.slice(0, s) + formatted + (e < updated.length ? '\n' + updated.slice(e) : ''));
console.log('appended to docs/benchmarks.md (## Import)');
