/**
 * npm run bench:tiles — map load with N intervention polygons (default 100 000) in headless Chromium
 * (Debian, WebGL via SwiftShader): vector tiles (/api/tiles) vs one GeoJSON source, both measured from
 * "add" to the map's `idle` event (GeoJSON includes its download, as the page must do it).
 * Seeds straight through the repository (one transaction, not HTTP) into a temporary database of the real
 * built server (`npm run build`; YAKU_TEST_BUILD points at another build). Writes `## Tiles` in
 * docs/benchmarks.md (only that section) unless --no-write.
 * With `YAKU_TEST_DATABASE_URL=postgres://…` (or `npm run bench:tiles:pg`, which starts and removes a throwaway
 * cluster) the server runs on PostGIS, tiles come from ST_AsMVT, seeding goes through the PostGIS import store
 * (batches of 10 000, one transaction each) and the section written is `## Tiles on PostGIS`.
 */
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/lib/server/db/connection';
import { createSqliteRepository } from '../../src/lib/server/repo/sqlite';
import { openPostgresRepository } from '../../src/lib/server/repo/postgres';
import type { FeatureInput } from '../../src/lib/server/repo/types';
import { rng, SEED_AREA, syntheticWork } from './seedWorks';
import { intervenciones } from '../../src/lib/map/layers/intervenciones';
import { aggregateLayer } from '../../src/lib/map/vectorTiles';
import { chromiumArgs, chromiumPath } from '../chromium-args.js';
import { BACKEND, freePort, pgUrlFor, ROOT, startServer, tmpDataDir } from '../../tests/server/helpers';

const N = Number(process.env.BENCH_FEATURES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WRITE = !process.argv.includes('--no-write');
/** The microcuenca's surroundings (the seeding area). */
const AREA = SEED_AREA;
const CENTER: [number, number] = [-72.035, -13.425];
const ZOOM = 12.3;

// ---------------------------------------------------------------- seed
const dir = tmpDataDir('yaku-bench-tiles-');
const srv = await startServer(dir, { YAKU_RATE_LIMIT_MUTATIONS_PER_MIN: '0' });
const load0 = os.loadavg()[0]!;
const seedT0 = performance.now();
/** The i-th synthetic intervention (same sequence on both backends and in bench:scale). */
const synthetic = syntheticWork;
if (BACKEND === 'postgis') {
	// Through the PostGIS import store: batches of 10 000 features, one transaction + one audit row each.
	const repo = openPostgresRepository(await pgUrlFor(dir));
	const rnd = rng(42);
	const ctx = { actorId: null, actorUsername: 'bench', actorRole: 'system' as const };
	for (let i = 0; i < N; i += 10_000) {
		const batch: FeatureInput[] = [];
		for (let k = i; k < Math.min(N, i + 10_000); k++) batch.push(synthetic(rnd, k));
		await repo.imports.create(
			{
				target: 'interventions',
				layer: 'intervenciones',
				name: `bench ${i}`,
				sourceFile: 'bench.geojson',
				sourceFormat: 'geojson',
				sourceCrs: 'EPSG:4326',
				geometryType: 'polygon',
				skippedCount: 0,
				bbox: [AREA.minLon, AREA.minLat, AREA.maxLon, AREA.maxLat],
				provenance: { bench: true }
			},
			batch,
			'import.interventions',
			ctx
		);
	}
	await repo.close();
} else {
	// The server created and migrated the database; seed it through the repository in one transaction.
	const { db } = openDatabase(join(dir, 'yaku.db'), { migrate: false });
	db.pragma('synchronous = OFF');
	const repo = createSqliteRepository(db);
	const rnd = rng(42);
	const ctx = { actorId: null, actorUsername: 'bench', actorRole: 'system' as const };
	db.exec('BEGIN IMMEDIATE');
	for (let i = 0; i < N; i++) await repo.features.create('intervenciones', synthetic(rnd, i), ctx);
	db.exec('COMMIT');
	db.close();
}
const seedMs = performance.now() - seedT0;
console.log(`sembradas ${N} intervenciones en ${(seedMs / 1000).toFixed(1)} s`);

// ---------------------------------------------------------------- page server (same origin, proxies /api)
const mlDir = join(ROOT, 'node_modules', 'maplibre-gl', 'dist');
const geojsonLayers = intervenciones.layers('works', 'w-');
const tileLayers = [
	...intervenciones.layers('works', 'w-').map((l) => ({ ...l, 'source-layer': 'intervenciones' })),
	aggregateLayer('works', 'intervenciones')
];
const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="/ml/maplibre-gl.css">
<style>html,body,#m{margin:0;width:100%;height:100%}</style></head><body><div id="m"></div>
<script type="module">
import * as maplibregl from '/ml/maplibre-gl.mjs';
window.map = new maplibregl.Map({ container: 'm', center: ${JSON.stringify(CENTER)}, zoom: ${ZOOM}, attributionControl: false,
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f4f1ea' } }] } });
window.ready = new Promise((r) => window.map.once('load', r));
const rendered = () => { const fs = map.queryRenderedFeatures(); const ids = new Set(); let agg = 0;
  for (const f of fs) { if (f.sourceLayer === 'intervenciones_resumen') agg += f.properties.count; else ids.add(f.properties.id ?? f.id); }
  return ids.size + agg; };
const idle = () => new Promise((r) => window.map.once('idle', r));
window.runGeojson = async () => {
  await window.ready; const t0 = performance.now(); const features = [];
  for (let offset = 0; ; offset += 10000) {
    const p = await (await fetch('/api/collections/intervenciones/features?limit=10000&offset=' + offset)).json();
    features.push(...p.features); if (p.features.length < 10000) break;
  }
  const tFetch = performance.now() - t0;
  map.addSource('works', { type: 'geojson', data: { type: 'FeatureCollection', features } });
  for (const l of ${JSON.stringify(geojsonLayers)}) map.addLayer(l);
  await idle(); return { total: performance.now() - t0, fetch: tFetch, count: features.length, rendered: rendered() };
};
window.runTiles = async () => {
  await window.ready; const t0 = performance.now();
  const tj = await (await fetch('/api/tiles/intervenciones/tile.json')).json();
  map.addSource('works', { type: 'vector', tiles: tj.tiles.map((u) => u.replace(/^https?:\\/\\/[^/]+/, location.origin)), minzoom: tj.minzoom, maxzoom: tj.maxzoom, bounds: tj.bounds, promoteId: 'id' });
  for (const l of ${JSON.stringify(tileLayers)}) map.addLayer(l);
  await idle(); return { total: performance.now() - t0, fetch: 0, count: tj.featureCount, rendered: rendered() };
};
</script></body></html>`;

async function proxy(req: IncomingMessage, res: ServerResponse) {
	const r = await fetch(srv.origin + req.url!, { headers: { accept: req.headers.accept ?? '*/*' } });
	const h: Record<string, string> = {};
	for (const k of ['content-type', 'etag', 'cache-control']) {
		const v = r.headers.get(k);
		if (v) h[k] = v;
	}
	res.writeHead(r.status, h);
	res.end(Buffer.from(await r.arrayBuffer()));
}

const pagePort = await freePort();
const page = createServer((req, res) => {
	if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
	else if (/^\/ml\/[\w.-]+$/.test(new URL(req.url ?? '/', 'http://x').pathname)) {
		const f = new URL(req.url ?? '/', 'http://x').pathname.slice(4);
		const type = f.endsWith('.css')
			? 'text/css'
			: f.endsWith('.map')
				? 'application/json'
				: 'text/javascript';
		try {
			res.writeHead(200, { 'content-type': type }).end(readFileSync(join(mlDir, f)));
		} catch {
			res.writeHead(404).end();
		}
	} else if (req.url?.startsWith('/api/')) void proxy(req, res).catch(() => res.writeHead(502).end());
	else res.writeHead(404).end();
});
await new Promise<void>((r) => page.listen(pagePort, '127.0.0.1', () => r()));

// ---------------------------------------------------------------- measure
interface Run {
	mode: 'tiles' | 'geojson';
	run: number;
	totalMs: number;
	fetchMs: number;
	count: number;
	/** Distinct features drawn at idle (sanity check that the data really arrived). */
	rendered: number;
}
const runs: Run[] = [];
let cold: Run | undefined;
const sweeps: { z: number; tiles: number; ms: number; kb: number }[] = [];
function tileXY(lon: number, lat: number, z: number): [number, number] {
	const n = 2 ** z;
	const r = (lat * Math.PI) / 180;
	return [
		Math.floor(((lon + 180) / 360) * n),
		Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
	];
}
async function sweep(z: number) {
	const [x0, y0] = tileXY(AREA.minLon, AREA.maxLat, z);
	const [x1, y1] = tileXY(AREA.maxLon, AREA.minLat, z);
	let tiles = 0;
	let bytes = 0;
	const t0 = performance.now();
	for (let x = x0; x <= x1; x++)
		for (let y = y0; y <= y1; y++) {
			const r = await fetch(`${srv.origin}/api/tiles/intervenciones/${z}/${x}/${y}.pbf`);
			bytes += (await r.arrayBuffer()).byteLength;
			tiles++;
		}
	const out = { z, tiles, ms: Math.round(performance.now() - t0), kb: Math.round(bytes / 1024) };
	console.log(`servidor z${z}: ${out.tiles} teselas en ${out.ms} ms (${out.kb} KiB)`);
	return out;
}
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
	const once = async (mode: Run['mode'], run: number) => {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const p = await ctx.newPage();
		p.on('pageerror', (e) => console.error(`[página] ${e.message}`));
		p.on('console', (m) => m.type() === 'error' && console.error(`[consola] ${m.text()}`));
		await p.goto(`http://127.0.0.1:${pagePort}/`);
		await p.waitForFunction('window.runTiles !== undefined');
		const r = (await p.evaluate(mode === 'tiles' ? 'window.runTiles()' : 'window.runGeojson()')) as {
			total: number;
			fetch: number;
			count: number;
			rendered: number;
		};
		await ctx.close();
		return {
			mode,
			run,
			totalMs: Math.round(r.total),
			fetchMs: Math.round(r.fetch),
			count: r.count,
			rendered: r.rendered
		};
	};
	// Cold: the server builds its tile index on the first tile.json request.
	cold = await once('tiles', 0);
	console.log(
		`tiles (frío, incluye construir el índice en el servidor): ${cold.totalMs} ms, ${cold.rendered} dibujados`
	);
	for (let i = 1; i <= RUNS; i++) {
		for (const mode of ['tiles', 'geojson'] as const) {
			const r = await once(mode, i);
			runs.push(r);
			console.log(
				`${mode} #${i}: ${r.totalMs} ms (descarga ${r.fetchMs} ms, ${r.count} elementos, ${r.rendered} dibujados)`
			);
		}
	}
	// Server only: every tile over the area at z13 (overview points) and z15 (real polygons), first request
	// of each (not cached yet), sequential, anonymous.
	for (const z of [13, 15]) sweeps.push(await sweep(z));
} finally {
	await browser.close();
	page.close();
	await srv.stop();
	rmSync(dir, { recursive: true, force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const t = runs.filter((r) => r.mode === 'tiles');
const g = runs.filter((r) => r.mode === 'geojson');
const tilesMs = median(t.map((r) => r.totalMs));
const geoMs = median(g.map((r) => r.totalMs));
const geoFetch = median(g.map((r) => r.fetchMs));
const cpu = os.cpus();
const heading = BACKEND === 'postgis' ? '## Tiles on PostGIS' : '## Tiles';
const section = `${heading}

${BACKEND === 'postgis' ? 'Backend: **PostGIS** (tiles from `ST_AsMVT`, `npm run bench:tiles:pg`: throwaway PostgreSQL 15 + PostGIS 3 cluster on the same machine).' : 'Backend: SQLite (tiles from geojson-vt; the same run on PostGIS: `npm run bench:tiles:pg`, next section).'}

\`npm run bench:tiles\` — ${N.toLocaleString('en')} intervention polygons seeded through the repository, published;
headless Debian Chromium (WebGL via SwiftShader), 1280×800 at zoom ${ZOOM} showing the whole microcuenca (every
polygon in view); same intervenciones style in both modes; add → map \`idle\`, median of ${RUNS}. GeoJSON = download
(pages of 10 000) + \`addSource\` + idle; tiles = \`tile.json\` + vector source + idle. ${new Date().toISOString().slice(0, 10)},
${cpu.length} × ${cpu[0]?.model ?? '?'}, Node ${process.version}; 1-min load average ${load0.toFixed(1)} at
start, ${os.loadavg()[0]!.toFixed(1)} at the end (the machine is shared).

| mode | add → idle (median) | of which download | goal |
| --- | ---: | ---: | --- |
| vector tiles (\`/api/tiles\`, warm index) | ${tilesMs} ms | – | ≤ 1 500 ms ${tilesMs <= 1500 ? '✔' : '✘'} |
| vector tiles, cold (${BACKEND === 'postgis' ? 'first tiles, nothing cached' : 'server builds its index first'}) | ${cold?.totalMs ?? '–'} ms | – | – |
| GeoJSON source | ${geoMs} ms | ${geoFetch} ms | baseline (~6 s expected) |

${
	BACKEND === 'postgis'
		? `Seeding ${N.toLocaleString('en')} features through the PostGIS import store (batches of 10 000, one transaction each, fsync on):`
		: `Seeding ${N.toLocaleString('en')} features through the repository (one transaction, synchronous=OFF for the bench only):`
}
${(seedMs / 1000).toFixed(1)} s.

Server only (Node \`fetch\`, sequential, each tile's first request): ${sweeps
	.map((w) => `z${w.z} ${w.tiles} tiles in ${w.ms} ms (${(w.ms / w.tiles).toFixed(1)} ms/tile, ${w.kb} KiB)`)
	.join('; ')}.
`;
console.log(`\n${section}`);
if (WRITE) {
	const path = join(ROOT, 'docs', 'benchmarks.md');
	const doc = readFileSync(path, 'utf8');
	const start = doc.indexOf(`\n${heading}\n`);
	let next = start >= 0 ? doc.indexOf('\n## ', start + heading.length + 2) : -1;
	if (next < 0) next = doc.length;
	const out =
		start >= 0 ? `${doc.slice(0, start + 1)}${section}${doc.slice(next)}` : `${doc.trimEnd()}\n\n${section}`;
	writeFileSync(path, out);
	console.log(`docs/benchmarks.md actualizado (${heading}).`);
}
