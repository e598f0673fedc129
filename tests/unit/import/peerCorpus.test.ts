/**
 * Conformance against ../shared/peer-corpus (files other projects wrote, with GDAL 3.6.2's verdicts).
 * Used by path at test time only (never copied). For the formats yaku reads, our verdict (reads /
 * rejects) is compared with GDAL's, and where both read, the total feature count and (KML) the names of
 * the layers that hold features. Prints the agreement rate and every disagreement; fails on any
 * disagreement that is not one of the deliberate ones listed in KNOWN below.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/lib/geo/import/errors';
import { importFile, readShapefileParts } from '../../../src/lib/geo/import/index';
import type { ImportResult } from '../../../src/lib/geo/import/types';

const PEER = join(process.cwd(), '../shared/peer-corpus');
const present = existsSync(join(PEER, 'expected'));
if (!present) console.warn(`[peer-corpus] ${PEER} absent: conformance test skipped`);

const OUR_DRIVERS = new Set(['ESRI Shapefile', 'GeoJSON', 'KML', 'LIBKML', 'GPX', 'CSV', 'GTiff']);
const OUR_EXT = new Set(['.zip', '.shp', '.geojson', '.json', '.kml', '.gpx', '.csv', '.tif', '.tiff']);

/**
 * Deliberate disagreements (docs/import-export.md, "Peer corpus"): where GDAL 3.6.2 is not the better
 * answer. Any other disagreement fails the test.
 */
const KNOWN: Record<string, string> = {
	// GDAL's /vsizip/ open looks for the shapefile at the zip's root only; these hold it in a folder
	'GeospatialPython+pyshp/tests/shapefiles/REL.zip': 'shapefile inside a folder of the zip',
	'calvinmetcalf+shapefile-js/files/empty-shp.zip': 'shapefile inside a folder of the zip',
	'calvinmetcalf+shapefile-js/test/data/T8Th4_6n.zip': 'shapefile inside a folder of the zip',
	// GDAL takes a FeatureCollection whose property "type" is "Topology" for TopoJSON and fails
	'OSGeo+gdal/autotest/ogr/data/geojson/feature_with_type_Topology_property.json': 'GDAL misdetects TopoJSON',
	// strips outside the file: GDAL opens the header and then fails reading the pixels
	'rasterio+rasterio/tests/data/corrupt.tif': 'pixel data outside the file'
};

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((n) => {
		const p = join(dir, n);
		return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : [];
	});
}

interface Expected {
	opened: boolean;
	driver?: string;
	verdict: string;
	source: { sidecars?: string[] };
	vector?: { layers: { name: string; feature_count: number }[] };
}

/** KML layer names as compared with GDAL (LIBKML keeps surrounding whitespace in names). */
const layerKey = (names: string[]) =>
	names
		.map((n) => n.trim())
		.sort()
		.join(' | ');

async function readOurs(file: string, exp: Expected): Promise<ImportResult> {
	const bytes = new Uint8Array(readFileSync(file));
	if (extname(file).toLowerCase() === '.shp') {
		const parts = new Map<string, Uint8Array>([[basename(file), bytes]]);
		for (const s of exp.source.sidecars ?? []) {
			const p = join(PEER, 'files', s);
			if (existsSync(p)) parts.set(basename(p), new Uint8Array(readFileSync(p)));
		}
		return readShapefileParts(parts, { name: basename(file) });
	}
	return importFile(bytes, { name: basename(file), limits: { timeMs: 10_000 } });
}

describe.skipIf(!present)('peer corpus (GDAL verdicts)', () => {
	it('agrees with GDAL on read/reject for the formats yaku supports', async () => {
		const rows: string[] = [];
		let total = 0;
		let agree = 0;
		let countTotal = 0;
		let countAgree = 0;
		let layerTotal = 0;
		let layerAgree = 0;
		const unexpected: string[] = [];
		for (const jf of walk(join(PEER, 'expected')).sort()) {
			const rel = jf.slice(join(PEER, 'expected').length + 1, -'.json'.length);
			const file = join(PEER, 'files', rel);
			const ext = extname(file).toLowerCase();
			if (!OUR_EXT.has(ext) || !existsSync(file)) continue;
			const exp = JSON.parse(readFileSync(jf, 'utf8')) as Expected;
			const gdalReads = exp.opened === true && exp.verdict !== 'REJECTED_BY_GDAL';
			if (exp.driver && !OUR_DRIVERS.has(exp.driver)) continue; // e.g. OpenFileGDB, Zarr, SRTMHGT
			if (exp.verdict === 'REJECTED_BY_GDAL' && /\.zip$/.test(file) && /gdb|zarr|hgt/.test(file)) continue;
			total++;
			let ours: 'reads' | 'rejects';
			let detail = '';
			let n = -1;
			let ourLayers: string[] = [];
			try {
				const r = await readOurs(file, exp);
				ours = 'reads';
				ourLayers = r.layers.filter((l) => l.features.length + l.invalid.length > 0).map((l) => l.name);
				n = r.layers.reduce(
					(a, l) => a + (l.raster ? 0 : l.features.length + l.invalid.length + (l.pendingFeatureCount ?? 0)),
					0
				);
			} catch (e) {
				if (!(e instanceof ImportError)) throw new Error(`${rel}: raw error ${String(e)}`, { cause: e });
				ours = 'rejects';
				detail = e.code;
			}
			const gdal = exp.verdict === 'SEE_CLI_OUTPUT' ? 'crashes' : gdalReads ? 'reads' : 'rejects';
			const ok = gdal === 'crashes' || gdal === ours;
			if (ok) agree++;
			// GDAL's GPX driver adds route_points / track_points layers; yaku keeps points inside their lines
			const gdalN = exp.vector?.layers
				.filter((l) => ext !== '.gpx' || ['waypoints', 'routes', 'tracks'].includes(l.name))
				.reduce((a, l) => a + l.feature_count, 0);
			if (ours === 'reads' && gdal === 'reads' && gdalN !== undefined && exp.vector?.layers.length) {
				countTotal++;
				if (gdalN === n) countAgree++;
				else rows.push(`  count ${rel}: GDAL ${gdalN}, yaku ${n}`);
			}
			if (!ok) rows.push(`  verdict ${rel}: GDAL ${gdal}, yaku ${ours} ${detail}`);
			if (!ok && !KNOWN[rel]) unexpected.push(rel);
			// KML/KMZ: one layer per Folder, as LIBKML
			if (ours === 'reads' && gdal === 'reads' && /\.km[lz]$/.test(ext) && exp.vector?.layers.length) {
				const theirs = layerKey(exp.vector.layers.filter((l) => l.feature_count > 0).map((l) => l.name));
				const mine = layerKey(ourLayers);
				layerTotal++;
				if (theirs === mine) layerAgree++;
				else rows.push(`  layers ${rel}: GDAL [${theirs}], yaku [${mine}]`);
			}
		}
		console.log(
			`[peer-corpus] verdict agreement ${agree}/${total} (${((100 * agree) / total).toFixed(1)}%); feature-count agreement ${countAgree}/${countTotal}; KML layer agreement ${layerAgree}/${layerTotal}\n${rows.join('\n')}`
		);
		expect(total).toBeGreaterThan(100);
		expect(unexpected).toEqual([]);
		expect(agree / total).toBeGreaterThanOrEqual(0.96);
		expect(countAgree).toBe(countTotal);
	}, 300_000);
});
