/**
 * Issue 8 "Correctness": slope and hillshade agree with gdaldem within 0.5° / 1 grey level away from edges, on the
 * synthetic DEMs and on the real-elevation DEM built by GDAL (scripts/reference/real-srtm-format-dem.sh). The
 * reference rasters come from scripts/reference/gdaldem-terrain.sh. Skips when gdaldem is not installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cone, microcuenca, pit, plateau, vValley } from '../../../scripts/bench/raster.synthetic';
import { hillshade } from '../../../src/lib/geo/raster/hillshade';
import { readGeoTiff } from '../../../src/lib/geo/raster/readGeoTiff';
import { slope } from '../../../src/lib/geo/raster/slope';
import type { Dem } from '../../../src/lib/geo/raster/types';
import { writeGeoTiff } from '../../../src/lib/geo/raster/writeGeoTiff';
import { hasCommand } from './grassReference';

const REAL_SOURCE = '../shared/peer-corpus/files/USDAForestService+gdalraster/inst/extdata/storml_elev.tif';
const gdal = hasCommand('gdaldem') && hasCommand('gdalwarp');
if (!gdal)
	console.warn(
		'gdaldem/gdalwarp no están instalados: se omite la comparación con gdaldem (apt-get install gdal-bin)'
	);
const realAvailable = existsSync(REAL_SOURCE);
if (gdal && !realAvailable) console.warn(`No está ${REAL_SOURCE}: se omite el caso con elevación real.`);

/** Max and 99th percentile of |a − b| over cells ≥ 1 cell from the edge whose 3×3 window has data (gdaldem's nodata edge and NaN skipped). */
function diffStats(dem: Dem, a: ArrayLike<number>, b: ArrayLike<number>) {
	const { width: W, height: H, data } = dem;
	const d: number[] = [];
	for (let r = 1; r < H - 1; r++)
		for (let c = 1; c < W - 1; c++) {
			let ok = true;
			for (let dr = -1; dr <= 1 && ok; dr++)
				for (let dc = -1; dc <= 1; dc++) if (Number.isNaN(data[(r + dr) * W + c + dc])) ok = false;
			const i = r * W + c;
			if (!ok || Number.isNaN(b[i]) || Number.isNaN(a[i])) continue;
			d.push(Math.abs((a[i] as number) - (b[i] as number)));
		}
	d.sort((x, y) => x - y);
	return { max: d.at(-1) ?? 0, p99: d[Math.floor(0.99 * (d.length - 1))] ?? 0, cells: d.length };
}

describe.skipIf(!gdal)('slope and hillshade agree with gdaldem (interior cells)', () => {
	const dir = mkdtempSync(join(tmpdir(), 'yaku-gdaldem-ref-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	const cases: { name: string; file: () => string; real?: boolean }[] = [
		...[cone(201), vValley(201), pit(101), plateau(201), microcuenca(400)].map((dem) => ({
			name: dem.metadata.name,
			file: () => {
				const f = join(dir, `${dem.metadata.name}.tif`);
				writeFileSync(f, writeGeoTiff({ ...dem, nodata: -9999 }));
				return f;
			}
		})),
		{
			name: 'REAL elevation → SRTM 1" .hgt → UTM 12N 30 m (GDAL)',
			real: true,
			file: () => {
				execFileSync('bash', ['scripts/reference/real-srtm-format-dem.sh', join(dir, 'real'), REAL_SOURCE], {
					stdio: 'pipe'
				});
				return join(dir, 'real', 'N46W114_utm.tif');
			}
		}
	];
	for (const c of cases) {
		it.skipIf(c.real && !realAvailable)(`${c.name}: slope ≤ 0.5°, hillshade ≤ 1 grey level`, async () => {
			const file = c.file();
			const out = join(dir, c.name.replace(/[^A-Za-z0-9]+/g, '_'));
			execFileSync('bash', ['scripts/reference/gdaldem-terrain.sh', file, out], { stdio: 'pipe' });
			const { dem } = await readGeoTiff(readFileSync(file), {});
			const gs = (await readGeoTiff(readFileSync(join(out, 'slope.tif')), {})).dem.data;
			const gh = (await readGeoTiff(readFileSync(join(out, 'hillshade.tif')), {})).dem.data;
			const s = diffStats(dem, slope(dem), gs);
			const h = diffStats(dem, hillshade(dem), gh);
			console.log(
				`${c.name}: slope |Δ| max ${s.max.toFixed(4)}° p99 ${s.p99.toFixed(4)}°; ` +
					`hillshade |Δ| max ${h.max} p99 ${h.p99} grey levels (${s.cells} cells)`
			);
			expect(s.cells).toBeGreaterThan(0);
			expect(s.max).toBeLessThanOrEqual(0.5);
			expect(h.max).toBeLessThanOrEqual(1);
		});
	}
});
