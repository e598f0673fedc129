// Runner for `npm run bench:overlay`: reads zones + interventions GeoJSON, runs yaku's overlay, writes
// per-zone hectares as JSON to stdout. Bundled with esbuild by scripts/bench/overlay.ts and timed as a
// whole process (node start + read + JSON.parse + overlay + output), like the SpatiaLite process.
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { overlayInterventionsZones } from '../../src/lib/geo/interventions/overlay';

const [zonesPath, itemsPath, mode] = process.argv.slice(2) as [string, string, string | undefined];
const t0 = performance.now();
const zonesFc = JSON.parse(readFileSync(zonesPath, 'utf8')) as FeatureCollection;
const itemsFc = JSON.parse(readFileSync(itemsPath, 'utf8')) as FeatureCollection;
const t1 = performance.now();
const zones = zonesFc.features.map((f) => ({
	id: String(f.properties?.id),
	geometry: f.geometry as Polygon | MultiPolygon
}));
const items = itemsFc.features.map((f) => ({ id: String(f.properties?.id), geometry: f.geometry }));
const r = overlayInterventionsZones(items, zones, { noShortcut: mode === 'noshortcut' });
const t2 = performance.now();
const byZone: Record<string, number> = {};
for (const [id, t] of Object.entries(r.byZone)) byZone[id] = t.areaHa;
process.stdout.write(
	JSON.stringify({
		byZone,
		stats: r.stats,
		parseMs: t1 - t0,
		overlayMs: t2 - t1,
		heapMB: process.memoryUsage().rss / 2 ** 20
	})
);
