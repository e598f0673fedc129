/**
 * Issue 8 "Correctness", cell by cell: flowRouting's drainage equals GRASS 8.2.1 `r.watershed -s`'s drainage map
 * on random DEMs full of ties (elevations rounded to 1 mm … 3 m), nodata holes and sub-millimetre noise — the
 * cases where the search order, the FIFO tie order, the diagonal rule and the edge rules all matter. GRASS runs
 * through scripts/reference/grass-hydrology.sh with a threshold above the cell count (so r.watershed's edge-stream
 * rule, which edgeStreamOutlets applies separately, never fires). Skips when `grass` is not installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticDem } from '../../../scripts/bench/raster.synthetic';
import { flowRouting } from '../../../src/lib/geo/raster/flowRouting';
import { readGeoTiff } from '../../../src/lib/geo/raster/readGeoTiff';
import { writeGeoTiff } from '../../../src/lib/geo/raster/writeGeoTiff';
import { GRASS_SCRIPT, hasCommand } from './grassReference';

/** yaku D8 code → GRASS drainage code (1 NE, 2 N, 3 NW, 4 W, 5 SW, 6 S, 7 SE, 8 E); 0 = out (GRASS: negative). */
const TO_GRASS: Record<number, number> = { 128: 1, 64: 2, 32: 3, 16: 4, 8: 5, 4: 6, 2: 7, 1: 8 };

describe.skipIf(!hasCommand('grass'))('flowRouting drainage = r.watershed -s drainage, cell by cell', () => {
	const dir = mkdtempSync(join(tmpdir(), 'yaku-grass-random-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	let seed = 20261125;
	const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

	for (let t = 0; t < 8; t++) {
		const W = 12 + Math.floor(rnd() * 40);
		const H = 12 + Math.floor(rnd() * 40);
		const step = [0.001, 0.01, 0.5, 3][t % 4] as number;
		const tx = rnd() * 0.05;
		const ty = rnd() * 0.05 - 0.025;
		const noise = rnd() * 8;
		it(`SYNTHETIC random ${W}×${H}, elevations in steps of ${step} m, nodata holes`, async () => {
			const dem0 = syntheticDem(`random-${t}`, W, H, (x, y) =>
				step < 0.01 && rnd() < 0.3
					? 3000 + tx * x + ty * y + rnd() * noise + rnd() * 0.0004 // sub-millimetre differences
					: Math.round((3000 + tx * x + ty * y + rnd() * noise) / step) * step
			);
			for (let i = 0; i < W * H; i++) if (rnd() < 0.08) dem0.data[i] = NaN;
			// keep the corners: GRASS's `g.region zoom` would otherwise crop the grid
			for (const i of [0, W - 1, W * (H - 1), W * H - 1]) dem0.data[i] = 3000;
			const file = join(dir, `random-${t}.tif`);
			writeFileSync(file, writeGeoTiff({ ...dem0, nodata: -9999 }));
			const dem = (await readGeoTiff(readFileSync(file), {})).dem;
			const out = join(dir, `out-${t}`);
			execFileSync('bash', [GRASS_SCRIPT, file, out, '100000000'], { stdio: 'pipe' });
			const buf = readFileSync(join(out, 'dir.tif'));
			const img = await (
				await fromArrayBuffer(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))
			).getImage();
			expect([img.getWidth(), img.getHeight()]).toEqual([W, H]);
			const g = ((await img.readRasters()) as unknown as ArrayLike<number>[])[0] as ArrayLike<number>;
			const yaku = flowRouting(dem).dir;
			const differ: string[] = [];
			let cells = 0;
			for (let i = 0; i < W * H; i++) {
				const d = yaku[i] as number;
				if (d === 255) continue;
				cells++;
				const b = g[i] as number;
				if (d === 0 ? !(b < 0) : TO_GRASS[d] !== b)
					differ.push(`(${Math.floor(i / W)},${i % W}) yaku ${d} GRASS ${b}`);
			}
			expect(cells).toBeGreaterThan(0);
			expect(differ.slice(0, 5)).toEqual([]);
		}, 60_000);
	}
});
