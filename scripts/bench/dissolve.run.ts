// Runner for `npm run bench:dissolve`: reads the polygons GeoJSON and either measures each polygon's
// ellipsoidal area (`area`: src/lib/geo/areaHa.ts) or dissolves them per `grp` property
// (`dissolve`: src/lib/geo/dissolve.ts). Writes JSON to stdout. Bundled with esbuild by
// scripts/bench/dissolve.ts and timed as a whole process (node start + read + JSON.parse + work + output).
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { areaHa } from '../../src/lib/geo/areaHa';
import { dissolvePolygons } from '../../src/lib/geo/dissolve';

const [path, mode] = process.argv.slice(2) as [string, 'area' | 'area-bin' | 'dissolve'];
const t0 = performance.now();
if (mode === 'area-bin') {
	// the same polygons prepared (untimed) as flat float64 [n, (k, x0, y0, …, xk-1, yk-1)…] — yaku's analogue
	// of SpatiaLite's prepared database: no text parsing in the timed process
	const buf = readFileSync(path);
	const a = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
	const n = a[0]!;
	const areas = new Float64Array(n);
	const t1 = performance.now();
	let o = 1;
	for (let i = 0; i < n; i++) {
		const k = a[o++]!;
		const ring: [number, number][] = new Array(k);
		for (let v = 0; v < k; v++, o += 2) ring[v] = [a[o]!, a[o + 1]!];
		areas[i] = areaHa({ type: 'Polygon', coordinates: [ring] });
	}
	const t2 = performance.now();
	process.stdout.write(JSON.stringify({ areasHa: Array.from(areas), parseMs: t1 - t0, workMs: t2 - t1 }));
} else {
	runJson();
}

function runJson(): void {
	const fc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
	const t1 = performance.now();
	if (mode === 'area') {
		const areas = new Float64Array(fc.features.length);
		fc.features.forEach((f, i) => (areas[i] = areaHa(f.geometry)));
		const t2 = performance.now();
		process.stdout.write(JSON.stringify({ areasHa: Array.from(areas), parseMs: t1 - t0, workMs: t2 - t1 }));
	} else {
		const groups = new Map<string, (Polygon | MultiPolygon)[]>();
		for (const f of fc.features) {
			const k = String(f.properties?.grp ?? '');
			const list = groups.get(k);
			if (list) list.push(f.geometry);
			else groups.set(k, [f.geometry]);
		}
		const byGroup: Record<string, { areaHa: number; parts: number }> = {};
		for (const [k, geoms] of groups) {
			const r = dissolvePolygons(geoms);
			byGroup[k] = { areaHa: r.areaHa, parts: r.parts };
		}
		const t2 = performance.now();
		process.stdout.write(JSON.stringify({ byGroup, parseMs: t1 - t0, workMs: t2 - t1 }));
	}
}
