/**
 * SYNTHETIC terrain generators shared by scripts/make-synthetic-dems.ts and scripts/bench/raster.ts.
 * Every DEM made here is artificial test terrain, named SYNTHETIC; never real elevation data.
 */
import { nominalCellSizeM } from '../../src/lib/geo/raster/cellSize';
import type { Dem } from '../../src/lib/geo/raster/types';

/** UTM 18S origin near (but not of) Chinchero; cell size 30 m like SRTM 1". */
const ORIGIN: [number, number] = [815000, 8520000];

export function syntheticDem(
	name: string,
	width: number,
	height: number,
	z: (x: number, y: number) => number,
	cell = 30
): Dem {
	const data = new Float32Array(width * height);
	for (let r = 0; r < height; r++)
		for (let c = 0; c < width; c++) data[r * width + c] = z((c + 0.5) * cell, (r + 0.5) * cell);
	const base = { width, height, transform: [ORIGIN[0], cell, 0, ORIGIN[1], 0, -cell] as const, crs: 32718 };
	return {
		...base,
		data,
		nodata: -9999,
		cellSizeM: nominalCellSizeM(base),
		metadata: {
			name: `SYNTHETIC_${name}`,
			source: `SYNTHETIC ${name} (scripts/make-synthetic-dems.ts)`,
			synthetic: true
		}
	};
}

export const cone = (n = 101) =>
	syntheticDem('cone', n, n, (x, y) => 3900 - 0.3 * Math.hypot(x - (n * 30) / 2, y - (n * 30) / 2));
export const vValley = (n = 101) =>
	syntheticDem('v-valley', n, n, (x, y) => 3600 + 0.25 * Math.abs(x - (n * 30) / 2) - 0.05 * y);
export const pit = (n = 51) =>
	syntheticDem('pit', n, n, (x, y) => {
		const d = Math.hypot(x - (n * 30) / 2, y - (n * 30) / 2);
		return 3700 + 0.02 * x + (d < 200 ? -(200 - d) * 0.1 : 0);
	});
export const plateau = (n = 101) =>
	syntheticDem('plateau', n, n, (x, y) =>
		Math.min(3800, 3500 + 600 - 0.4 * Math.hypot(x - (n * 30) / 2, y - (n * 30) / 2))
	);

/**
 * A larger "microcuenca": a bowl around a lake-like low, drained by a valley to the south edge,
 * with ridges and gullies from a few deterministic sines (no randomness: reproducible).
 */
export function microcuenca(n = 2000, cell = 30): Dem {
	const L = n * cell;
	const cx = L / 2;
	const cy = L * 0.45;
	return syntheticDem(
		`microcuenca_${n}`,
		n,
		n,
		(x, y) => {
			const d = Math.hypot(x - cx, y - cy);
			let z = 3450 + 0.12 * d;
			z +=
				25 * Math.sin(x / 900) * Math.cos(y / 700) +
				12 * Math.sin((x + 2 * y) / 310) +
				6 * Math.cos((3 * x - y) / 170);
			if (y > cy) z -= 90 * Math.exp(-(((x - cx) / 500) ** 2)) * Math.min(1, (y - cy) / 3000);
			if (d < 1200) z = Math.max(3440, z - (1200 - d) * 0.05); // the "lake" flat
			return z;
		},
		cell
	);
}
