// npm run bench:overlay — hectares of 10,000 synthetic intervention polygons per 100 zone polygons:
// yaku's overlay (src/lib/geo/interventions/overlay.ts) vs SpatiaLite (Debian spatialite-bin)
// `ST_Area(ST_Intersection(z, i), 1)` (ellipsoidal, with an R*Tree and an ST_Covers shortcut) on the same
// generated input, in one run. Both timed as whole processes, medians of BENCH_RUNS (default 5); the
// SpatiaLite database and the esbuild bundle of the runner are prepared beforehand (untimed).
// Appends the results to docs/benchmarks.md under "## Overlay". Env: BENCH_N (10000), BENCH_ZONES_SIDE (10).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import * as prettier from 'prettier';
import { bundleRunner, median, timed } from './procBench';

const N = Number(process.env.BENCH_N ?? 10_000);
const SIDE = Number(process.env.BENCH_ZONES_SIDE ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BBOX = [-72.1, -13.45, -72.0, -13.37] as const; // around the microcuenca Piuray-Ccorimarca

function have(cmd: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}
if (!have('spatialite')) {
	console.error('spatialite not found: apt-get install -y spatialite-bin');
	process.exit(1);
}

let seed = 20261125;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

// zones: a SIDE × SIDE tiling with jagged shared edges (a jittered lattice, SUB vertices per side)
const SUB = 8;
const M = SIDE * SUB;
const lattice: [number, number][][] = [];
for (let i = 0; i <= M; i++) {
	lattice.push([]);
	for (let j = 0; j <= M; j++) {
		const border = i === 0 || j === 0 || i === M || j === M;
		const dx = (BBOX[2] - BBOX[0]) / M;
		const dy = (BBOX[3] - BBOX[1]) / M;
		const jx = border ? 0 : (rnd() - 0.5) * 0.6 * dx;
		const jy = border ? 0 : (rnd() - 0.5) * 0.6 * dy;
		lattice[i]!.push([+(BBOX[0] + i * dx + jx).toFixed(7), +(BBOX[1] + j * dy + jy).toFixed(7)]);
	}
}
const zones: GeoJSON.Feature[] = [];
for (let a = 0; a < SIDE; a++) {
	for (let b = 0; b < SIDE; b++) {
		const ring: [number, number][] = [];
		const i0 = a * SUB;
		const j0 = b * SUB;
		for (let k = 0; k < SUB; k++) ring.push(lattice[i0 + k]![j0]!);
		for (let k = 0; k < SUB; k++) ring.push(lattice[i0 + SUB]![j0 + k]!);
		for (let k = SUB; k > 0; k--) ring.push(lattice[i0 + k]![j0 + SUB]!);
		for (let k = SUB; k > 0; k--) ring.push(lattice[i0]![j0 + k]!);
		ring.push(ring[0]!);
		zones.push({
			type: 'Feature',
			properties: { id: `z${a}_${b}` },
			geometry: { type: 'Polygon', coordinates: [ring] }
		});
	}
}
// interventions: star-shaped (always simple) polygons of 6–14 vertices, radius 30–150 m
const items: GeoJSON.Feature[] = [];
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
		properties: { id: `i${n}` },
		geometry: { type: 'Polygon', coordinates: [ring] }
	});
}

const dir = mkdtempSync(join(tmpdir(), 'yaku-bench-overlay-'));
const zonesPath = join(dir, 'zones.geojson');
const itemsPath = join(dir, 'interventions.geojson');
writeFileSync(zonesPath, JSON.stringify({ type: 'FeatureCollection', features: zones }));
writeFileSync(itemsPath, JSON.stringify({ type: 'FeatureCollection', features: items }));

// SpatiaLite database (prepared, untimed)
const wkt = (f: GeoJSON.Feature) =>
	`POLYGON((${(f.geometry as GeoJSON.Polygon).coordinates[0]!.map((p) => `${p[0]} ${p[1]}`).join(',')}))`;
const db = join(dir, 'bench.sqlite');
const load = [
	'SELECT InitSpatialMetadata(1);',
	"CREATE TABLE zones(id TEXT); SELECT AddGeometryColumn('zones','geom',4326,'POLYGON','XY');",
	"CREATE TABLE interv(id TEXT); SELECT AddGeometryColumn('interv','geom',4326,'POLYGON','XY');",
	'BEGIN;',
	...zones.map((f) => `INSERT INTO zones VALUES('${f.properties!.id}', GeomFromText('${wkt(f)}',4326));`),
	...items.map((f) => `INSERT INTO interv VALUES('${f.properties!.id}', GeomFromText('${wkt(f)}',4326));`),
	'COMMIT;',
	"SELECT CreateSpatialIndex('interv','geom');",
	"SELECT CreateSpatialIndex('zones','geom');"
].join('\n');
writeFileSync(join(dir, 'load.sql'), load);
execFileSync('sh', ['-c', `spatialite ${db} < ${join(dir, 'load.sql')} > /dev/null 2>&1`]);
const QUERY = `.mode list
SELECT z.id, SUM(CASE WHEN ST_Covers(z.geom, i.geom) THEN ST_Area(i.geom, 1)
  ELSE ST_Area(ST_Intersection(z.geom, i.geom), 1) END) / 10000.0
FROM zones z JOIN interv i ON i.ROWID IN (
  SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'interv' AND search_frame = z.geom)
WHERE ST_Intersects(z.geom, i.geom) GROUP BY z.id;
`;
writeFileSync(join(dir, 'query.sql'), QUERY);

// our runner, bundled once (untimed)
const runner = join(dir, 'overlay-run.mjs');
await bundleRunner('scripts/bench/overlay.run.ts', runner);

const ours: number[] = [];
const oursNoShortcut: number[] = [];
const lite: number[] = [];
let oursOut: {
	byZone: Record<string, number>;
	stats: Record<string, number>;
	parseMs: number;
	overlayMs: number;
	heapMB: number;
} = { byZone: {}, stats: {}, parseMs: 0, overlayMs: 0, heapMB: 0 };
let liteOut = '';
const inner: number[] = [];
for (let k = 0; k < RUNS; k++) {
	const a = timed('node', [runner, zonesPath, itemsPath]);
	ours.push(a.ms);
	oursOut = JSON.parse(a.out);
	inner.push(oursOut.parseMs + oursOut.overlayMs);
	const b = timed('sh', ['-c', `spatialite ${db} < ${join(dir, 'query.sql')}`]);
	lite.push(b.ms);
	liteOut = b.out;
	if (k === 0) oursNoShortcut.push(timed('node', [runner, zonesPath, itemsPath, 'noshortcut']).ms);
}
const liteByZone: Record<string, number> = {};
for (const line of liteOut.trim().split('\n')) {
	const [id, ha] = line.split('|');
	if (id && ha) liteByZone[id] = Number(ha);
}
let maxErr = 0;
let maxAbsHa = 0;
for (const [id, ha] of Object.entries(liteByZone)) {
	const mine = oursOut.byZone[id] ?? 0;
	maxErr = Math.max(maxErr, Math.abs(mine / ha - 1));
	maxAbsHa = Math.max(maxAbsHa, Math.abs(mine - ha));
}
const zonesCompared = Object.keys(liteByZone).length;
const oursMs = median(ours);
const liteMs = median(lite);
const ratio = oursMs / liteMs;
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const date = new Date().toISOString().slice(0, 10);
const spatialiteVersion = execFileSync('sh', [
	'-c',
	`echo 'SELECT spatialite_version();' | spatialite :memory: 2>/dev/null | tail -1`
])
	.toString()
	.trim();
const summary = {
	n: N,
	zones: zones.length,
	runs: RUNS,
	oursMs: Math.round(oursMs),
	oursInProcessMs: Math.round(median(inner)),
	oursNoShortcutMs: Math.round(oursNoShortcut[0]!),
	spatialiteMs: Math.round(liteMs),
	ratio: +ratio.toFixed(2),
	maxRelErr: maxErr,
	maxAbsHa,
	zonesCompared,
	stats: oursOut.stats
};
console.log(JSON.stringify(summary, null, 2));

const doc = resolve('docs/benchmarks.md');
if (!existsSync(doc))
	writeFileSync(
		doc,
		'# Benchmarks\n\nMeasured numbers, appended by the bench scripts; newest last in each section.\n'
	);
const text = readFileSync(doc, 'utf8');
let add = '';
if (!/^## Overlay$/m.test(text)) {
	add += `\n## Overlay\n\nHectares of n synthetic intervention polygons (star-shaped, 6–14 vertices, radius 30–150 m) per 100 zone polygons (jagged tiling around the microcuenca), ellipsoidal. \`npm run bench:overlay\`: yaku's \`overlayInterventionsZones\` (flatbush; integer equal-area plane; no-edge-nearby shortcut; direct intersection area by Green's theorem, clipper2-ts on degenerate contacts) vs SpatiaLite \`ST_Area(ST_Intersection(z, i), 1)\` with an R*Tree and an \`ST_Covers\` shortcut, same input, one run; \`load\` = 1-min load average at the end (2-core machine shared with other work: ratios move with it); whole-process medians (node start + JSON.parse + overlay; sqlite3 start + query on a prebuilt db).\n\n| date | machine | n × zones | yaku (whole process) | yaku in-process (parse + overlay) | yaku, clipper2-ts on every pair (1 run) | SpatiaLite | ratio | max per-zone error | pairs clipper / direct / inside / candidates |\n|---|---|---|---|---|---|---|---|---|---|\n`;
}
add += `| ${date} | ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version}, SpatiaLite ${spatialiteVersion} | ${N} × ${zones.length} | ${summary.oursMs} ms | ${summary.oursInProcessMs} ms | ${summary.oursNoShortcutMs} ms | ${summary.spatialiteMs} ms | **${summary.ratio}×** | ${maxErr.toExponential(1)} (${maxAbsHa.toExponential(1)} ha) | ${oursOut.stats.clipped} / ${oursOut.stats.direct} / ${oursOut.stats.inside} / ${oursOut.stats.candidatePairs} |\n`;
let updated: string;
let sectionStart: number;
if (/^## Overlay$/m.test(text)) {
	// append at the end of the Overlay section (before the next "## " heading), never touching other sections
	sectionStart = text.search(/^## Overlay$/m);
	const rest = text.slice(sectionStart + 1);
	const next = rest.search(/^## /m);
	const at = next < 0 ? text.length : sectionStart + 1 + next;
	updated = text.slice(0, at).replace(/\n*$/, '\n') + add + (at < text.length ? '\n' + text.slice(at) : '');
} else {
	updated = text.replace(/\n*$/, '\n') + add;
	sectionStart = updated.search(/^## Overlay$/m);
}
// format only the Overlay section with the project's prettier config (tables), leave the others as they are
const after = updated.slice(sectionStart + 1).search(/^## /m);
const sectionEnd = after < 0 ? updated.length : sectionStart + 1 + after;
const options = (await prettier.resolveConfig(doc)) ?? {};
const formatted = await prettier.format(updated.slice(sectionStart, sectionEnd), {
	...options,
	parser: 'markdown'
});
writeFileSync(
	doc,
	updated.slice(0, sectionStart) +
		formatted +
		(sectionEnd < updated.length ? '\n' + updated.slice(sectionEnd) : '')
);
if (process.env.BENCH_KEEP) console.log(dir);
else rmSync(dir, { recursive: true, force: true });
