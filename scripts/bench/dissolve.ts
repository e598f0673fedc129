// npm run bench:dissolve — 100,000 synthetic polygons (star-shaped, 6–14 vertices, radius 30–150 m, spread
// over ~0.8° × 0.6° around the microcuenca so they overlap in clusters):
//  (a) ellipsoidal area of each polygon: yaku's `areaHa` (src/lib/geo/areaHa.ts; these small rings take its
//      equal-area shoelace path, decision 113) vs SpatiaLite
//      `ST_Area(geom, 1)` (ellipsoidal) — time ratio and max relative difference per polygon;
//  (b) dissolve (union) per group (`BENCH_GROUPS` groups, default 1 = all in one): yaku's `dissolvePolygons`
//      (src/lib/geo/dissolve.ts) vs SpatiaLite `ST_Union(geom)` + `ST_Area(…, 1)` — time ratio and area agreement.
// Same input for both, one run; whole-process medians of BENCH_RUNS (default 3); the SpatiaLite database and the
// esbuild bundle of the runner are prepared beforehand (untimed). Appends to docs/benchmarks.md under
// "## Dissolve and area, 100k polygons". Env: BENCH_N (100000), BENCH_GROUPS (1), BENCH_RUNS (3).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import * as prettier from 'prettier';
import { bundleRunner, median, timed } from './procBench';

const N = Number(process.env.BENCH_N ?? 100_000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BBOX = [-72.5, -13.7, -71.7, -13.1] as const;
const SECTION = '## Dissolve and area, 100k polygons';

if (spawnSync('sh', ['-c', 'command -v spatialite']).status !== 0) {
	console.error('spatialite not found: apt-get install -y spatialite-bin');
	process.exit(1);
}

// mulberry32: a 32-bit generator (an LCG in doubles repeats after ~1000 draws at this size)
let seed = 20261125;
const rnd = (): number => {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const items: GeoJSON.Feature<GeoJSON.Polygon>[] = [];
for (let n = 0; n < N; n++) {
	const cx = BBOX[0] + rnd() * (BBOX[2] - BBOX[0]);
	const cy = BBOX[1] + rnd() * (BBOX[3] - BBOX[1]);
	const r = 30 + rnd() * 120;
	const k = 6 + Math.floor(rnd() * 9);
	const ring: [number, number][] = [];
	for (let v = 0; v < k; v++) {
		const t = (2 * Math.PI * v) / k;
		const rr = r * (0.7 + 0.3 * rnd());
		ring.push([
			+(cx + (rr * Math.cos(t)) / (111320 * Math.cos((cy * Math.PI) / 180))).toFixed(7),
			+(cy + (rr * Math.sin(t)) / 110600).toFixed(7)
		]);
	}
	ring.push(ring[0]!);
	items.push({
		type: 'Feature',
		properties: { id: n, grp: `g${n % GROUPS}` },
		geometry: { type: 'Polygon', coordinates: [ring] }
	});
}

const dir = mkdtempSync(join(tmpdir(), 'yaku-bench-dissolve-'));
const itemsPath = join(dir, 'polygons.geojson');
writeFileSync(itemsPath, JSON.stringify({ type: 'FeatureCollection', features: items }));
// the same polygons as flat float64 (untimed, like SpatiaLite's database): [n, (k, x0, y0, …)…]
const binPath = join(dir, 'polygons.f64');
{
	const len = 1 + items.reduce((t, f) => t + 1 + 2 * f.geometry.coordinates[0]!.length, 0);
	const a = new Float64Array(len);
	let o = 0;
	a[o++] = items.length;
	for (const f of items) {
		const ring = f.geometry.coordinates[0]!;
		a[o++] = ring.length;
		for (const p of ring) {
			a[o++] = p[0]!;
			a[o++] = p[1]!;
		}
	}
	writeFileSync(binPath, a);
}

const wkt = (f: GeoJSON.Feature<GeoJSON.Polygon>) =>
	`POLYGON((${f.geometry.coordinates[0]!.map((p) => `${p[0]} ${p[1]}`).join(',')}))`;
const db = join(dir, 'bench.sqlite');
writeFileSync(
	join(dir, 'load.sql'),
	[
		'SELECT InitSpatialMetadata(1);',
		"CREATE TABLE poly(id INTEGER PRIMARY KEY, grp TEXT); SELECT AddGeometryColumn('poly','geom',4326,'POLYGON','XY');",
		'BEGIN;',
		...items.map(
			(f) =>
				`INSERT INTO poly VALUES(${f.properties!.id}, '${f.properties!.grp}', GeomFromText('${wkt(f)}',4326));`
		),
		'COMMIT;'
	].join('\n')
);
execFileSync('sh', ['-c', `spatialite ${db} < ${join(dir, 'load.sql')} > /dev/null 2>&1`]);
const AREA_SQL = '.mode list\nSELECT id, ST_Area(geom, 1) / 10000.0 FROM poly ORDER BY id;\n';
const UNION_SQL =
	'.mode list\nSELECT grp, ST_Area(u, 1) / 10000.0, ST_NumGeometries(u) FROM (SELECT grp, ST_Union(geom) AS u FROM poly GROUP BY grp);\n';
writeFileSync(join(dir, 'area.sql'), AREA_SQL);
writeFileSync(join(dir, 'union.sql'), UNION_SQL);

const runner = join(dir, 'dissolve-run.mjs');
await bundleRunner('scripts/bench/dissolve.run.ts', runner);

// (a) area
const areaOurs: number[] = [];
const areaOursJson: number[] = [];
const areaInner: number[] = [];
const areaLite: number[] = [];
let oursAreas: number[] = [];
let liteAreaOut = '';
for (let k = 0; k < RUNS; k++) {
	areaOursJson.push(timed('node', [runner, itemsPath, 'area']).ms);
	const a = timed('node', [runner, binPath, 'area-bin']);
	areaOurs.push(a.ms);
	const parsed = JSON.parse(a.out) as { areasHa: number[]; parseMs: number; workMs: number };
	oursAreas = parsed.areasHa;
	areaInner.push(parsed.workMs);
	const b = timed('sh', ['-c', `spatialite ${db} < ${join(dir, 'area.sql')}`]);
	areaLite.push(b.ms);
	liteAreaOut = b.out;
}
let areaMaxRel = 0;
let areaCompared = 0;
for (const line of liteAreaOut.trim().split('\n')) {
	const [id, ha] = line.split('|');
	if (id === undefined || ha === undefined || id === '') continue;
	const mine = oursAreas[Number(id)];
	if (mine === undefined) continue;
	areaMaxRel = Math.max(areaMaxRel, Math.abs(mine / Number(ha) - 1));
	areaCompared++;
}

// (b) dissolve
const disOurs: number[] = [];
const disInner: number[] = [];
const disLite: number[] = [];
let oursGroups: Record<string, { areaHa: number; parts: number }> = {};
let liteUnionOut = '';
for (let k = 0; k < RUNS; k++) {
	const a = timed('node', [runner, itemsPath, 'dissolve']);
	disOurs.push(a.ms);
	const parsed = JSON.parse(a.out) as { byGroup: typeof oursGroups; workMs: number };
	oursGroups = parsed.byGroup;
	disInner.push(parsed.workMs);
	const b = timed('sh', ['-c', `spatialite ${db} < ${join(dir, 'union.sql')}`]);
	disLite.push(b.ms);
	liteUnionOut = b.out;
}
let disMaxRel = 0;
let partsOurs = 0;
let partsLite = 0;
let haOurs = 0;
let haLite = 0;
for (const line of liteUnionOut.trim().split('\n')) {
	const [grp, ha, parts] = line.split('|');
	if (!grp || ha === undefined) continue;
	const mine = oursGroups[grp];
	if (!mine) continue;
	disMaxRel = Math.max(disMaxRel, Math.abs(mine.areaHa / Number(ha) - 1));
	partsOurs += mine.parts;
	partsLite += Number(parts);
	haOurs += mine.areaHa;
	haLite += Number(ha);
}

const summary = {
	n: N,
	groups: GROUPS,
	runs: RUNS,
	area: {
		oursMs: Math.round(median(areaOurs)),
		oursFromGeoJsonMs: Math.round(median(areaOursJson)),
		oursInProcessMs: Math.round(median(areaInner)),
		spatialiteMs: Math.round(median(areaLite)),
		ratio: +(median(areaOurs) / median(areaLite)).toFixed(2),
		maxRelDiff: areaMaxRel,
		compared: areaCompared
	},
	dissolve: {
		oursMs: Math.round(median(disOurs)),
		oursInProcessMs: Math.round(median(disInner)),
		spatialiteMs: Math.round(median(disLite)),
		ratio: +(median(disOurs) / median(disLite)).toFixed(2),
		maxRelDiff: disMaxRel,
		haOurs,
		haLite,
		partsOurs,
		partsLite
	}
};
console.log(JSON.stringify(summary, null, 2));
console.log(
	`area ratio ${summary.area.ratio}× SpatiaLite; dissolve ratio ${summary.dissolve.ratio}× SpatiaLite`
);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const date = new Date().toISOString().slice(0, 10);
const spatialiteVersion = execFileSync('sh', [
	'-c',
	`echo 'SELECT spatialite_version() || " / GEOS " || geos_version();' | spatialite :memory: 2>/dev/null | tail -1`
])
	.toString()
	.trim();
const doc = resolve('docs/benchmarks.md');
const text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n';
const has = text.includes(`\n${SECTION}\n`);
let add = '';
if (!has) {
	add += `\n${SECTION}\n\n\`npm run bench:dissolve\` (scripts/bench/dissolve.ts): n synthetic polygons (star-shaped, 6–14 vertices, radius 30–150 m, spread over 0.8° × 0.6° around the microcuenca: ~33% of the box covered, overlapping in clusters), same input for yaku and SpatiaLite, one run, whole-process medians (node start + JSON.parse + work + output vs spatialite start + query on a prebuilt db without index). **Area**: yaku \`areaHa\` per polygon (every edge here is ≤ 200 m, so its equal-area shoelace path, decision 113; GeographicLib for larger rings) vs \`ST_Area(geom, 1)\`; error = max relative difference per polygon. **Dissolve**: yaku \`dissolvePolygons\` (clusters of touching bboxes by flatbush + union-find, Hilbert-ordered cascaded clipper2-ts union inside large clusters, equal-area integer plane) vs \`ST_Union(geom)\` aggregate + \`ST_Area(…, 1)\`, per group; error = max relative difference of the union's area. \`load\` = 1-min load average at the end (2-core machine shared with other work: ratios move with it).\n\n| date | machine | n (groups) | area: yaku | area: SpatiaLite | area ratio | area max rel. diff | dissolve: yaku (in-process) | dissolve: SpatiaLite | dissolve ratio | union area rel. diff | parts yaku / SpatiaLite |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n`;
}
const a = summary.area;
const d = summary.dissolve;
add += `| ${date} | ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version}, SpatiaLite ${spatialiteVersion} | ${N} (${GROUPS}) | ${a.oursMs} ms (from GeoJSON text: ${a.oursFromGeoJsonMs} ms) | ${a.spatialiteMs} ms | **${a.ratio}×** | ${a.maxRelDiff.toExponential(1)} | ${d.oursMs} ms (${d.oursInProcessMs} ms) | ${d.spatialiteMs} ms | **${d.ratio}×** | ${d.maxRelDiff.toExponential(1)} | ${d.partsOurs} / ${d.partsLite} |\n`;
let updated: string;
let sectionStart: number;
if (has) {
	sectionStart = text.indexOf(`\n${SECTION}\n`) + 1;
	const rest = text.slice(sectionStart + 1);
	const next = rest.search(/^## /m);
	const at = next < 0 ? text.length : sectionStart + 1 + next;
	updated = text.slice(0, at).replace(/\n*$/, '\n') + add + (at < text.length ? '\n' + text.slice(at) : '');
} else {
	updated = text.replace(/\n*$/, '\n') + add;
	sectionStart = updated.indexOf(`\n${SECTION}\n`) + 1;
}
const after = updated.slice(sectionStart + 1).search(/^## /m);
const sectionEnd = after < 0 ? updated.length : sectionStart + 1 + after;
const options = (await prettier.resolveConfig(doc)) ?? {};
const formatted = await prettier.format(updated.slice(sectionStart, sectionEnd), {
	...options,
	parser: 'markdown'
});
if (!process.env.BENCH_NO_DOC)
	writeFileSync(
		doc,
		updated.slice(0, sectionStart) +
			formatted +
			(sectionEnd < updated.length ? '\n' + updated.slice(sectionEnd) : '')
	);
if (process.env.BENCH_KEEP) console.log(dir);
else rmSync(dir, { recursive: true, force: true });
