/**
 * Writes SYNTHETIC test DEMs (cone, V-valley, pit, plateau, microcuenca) as GeoTIFF (EPSG:32718, 30 m)
 * and two SYNTHETIC 3" .hgt tiles, into the folder given on the command line:
 *   npx tsx scripts/make-synthetic-dems.ts /tmp/yaku-dems [--size 2000]
 * These are artificial terrains for tests and benchmarks: never commit them or show them as real.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeGeoTiff } from '../src/lib/geo/raster/writeGeoTiff';
import type { Dem } from '../src/lib/geo/raster/types';
import { cone, microcuenca, pit, plateau, vValley } from './bench/raster.synthetic';

const out = process.argv[2];
if (!out || out.startsWith('--')) {
	console.error('Uso: npx tsx scripts/make-synthetic-dems.ts <carpeta> [--size N]');
	process.exit(2);
}
const sizeArg = process.argv.indexOf('--size');
const size = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 1000;
mkdirSync(out, { recursive: true });

function writeTif(dem: Dem) {
	const file = join(out as string, `${dem.metadata.name}.tif`);
	writeFileSync(
		file,
		writeGeoTiff({
			...dem,
			nodata: -9999,
			description: `${dem.metadata.source} - SYNTHETIC test terrain, not real`
		})
	);
	console.log(`${file}  ${dem.width}×${dem.height}`);
}
for (const dem of [cone(), vValley(), pit(), plateau(), microcuenca(size)]) writeTif(dem);

// two SYNTHETIC 3" tiles straddling 72°W (1201×1201 int16 big-endian), a smooth bowl across both
for (const [name, lon0] of [
	['S14W073', -73],
	['S14W072', -72]
] as const) {
	const n = 1201;
	const buf = Buffer.alloc(n * n * 2);
	for (let r = 0; r < n; r++)
		for (let c = 0; c < n; c++) {
			const lon = lon0 + c / (n - 1);
			const lat = -13 - r / (n - 1);
			const z =
				3400 + 3000 * Math.hypot(lon + 72.05, lat + 13.4) + 40 * Math.sin(lon * 60) * Math.cos(lat * 50);
			buf.writeInt16BE(Math.round(z), (r * n + c) * 2);
		}
	const file = join(out, `SYNTHETIC_${name}.hgt`);
	writeFileSync(file, buf);
	console.log(`${file}  ${n}×${n}`);
}
writeFileSync(
	join(out, 'README-SYNTHETIC.txt'),
	'Estos DEM son SINTÉTICOS (generados por scripts/make-synthetic-dems.ts) para pruebas y benchmarks.\n' +
		'No representan el terreno real de Piuray-Ccorimarca. These DEMs are SYNTHETIC, not real terrain.\n'
);
