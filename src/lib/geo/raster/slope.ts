/**
 * Slope from a DEM with the Horn kernel (same as `gdaldem slope`), in degrees or percent.
 * Geographic DEMs use per-row metric cell sizes (cellSize.ts). Nodata → NaN.
 * One pass over the rows with the 3×3 kernel inlined for interior cells (no per-cell calls or bounds
 * checks); grid edges and cells next to nodata take `hornCell` (same values as `hornRow`).
 */
import { rowCellSizesM } from './cellSize';
import { hornCell } from './hornGradient';
import { makeTicker, type Dem, type RunOptions } from './types';

export type SlopeUnit = 'degrees' | 'percent';

export interface SlopeOptions extends RunOptions {
	/** 'degrees' (default) or 'percent' (100 · rise/run). */
	unit?: SlopeUnit;
	/** Vertical exaggeration applied to elevations, default 1. */
	zFactor?: number;
	/** Row range to compute [start, end) — lets a caller split the work over workers. */
	rows?: [number, number];
	/** Write into this array (length width·height) instead of a new NaN-filled one, e.g. a shared buffer. */
	out?: Float32Array;
}

const RAD2DEG = 180 / Math.PI;

export function slope(dem: Dem, options: SlopeOptions = {}): Float32Array {
	const { width: W, height: H, data } = dem;
	const degrees = (options.unit ?? 'degrees') === 'degrees';
	const z = options.zFactor ?? 1;
	const r0 = Math.max(0, options.rows?.[0] ?? 0);
	const r1 = Math.min(H, options.rows?.[1] ?? H);
	const out = options.out ?? new Float32Array(W * H);
	// rows outside the range are NaN (as before); inside, every cell is written below
	if (!options.out) {
		out.fill(NaN, 0, r0 * W);
		out.fill(NaN, r1 * W);
	}
	const { dx, dy } = rowCellSizesM(dem);
	const tick = makeTicker(r1 - r0, options);
	const edge = (r: number, c: number) => {
		const g = hornCell(data, W, H, r, c, dx[r] as number, dy[r] as number);
		const x = (g[0] as number) * z;
		const y = (g[1] as number) * z;
		const t = Math.sqrt(x * x + y * y);
		out[r * W + c] = degrees ? Math.atan(t) * RAD2DEG : 100 * t;
	};
	for (let r = r0; r < r1; r++) {
		tick(r - r0);
		if (r === 0 || r === H - 1 || W < 3) {
			for (let c = 0; c < W; c++) edge(r, c);
			continue;
		}
		const inv8dx = 1 / (8 * (dx[r] as number));
		const inv8dy = 1 / (8 * (dy[r] as number));
		edge(r, 0);
		const end = r * W + W - 1;
		for (let i = r * W + 1; i < end; i++) {
			const e = data[i] as number;
			if (e !== e) {
				out[i] = NaN;
				continue;
			}
			const up = i - W;
			const dn = i + W;
			const a = data[up - 1] as number;
			const b = data[up] as number;
			const cc = data[up + 1] as number;
			const d = data[i - 1] as number;
			const f = data[i + 1] as number;
			const g = data[dn - 1] as number;
			const h = data[dn] as number;
			const k = data[dn + 1] as number;
			const gx = Math.fround((cc + 2 * f + k - (a + 2 * d + g)) * inv8dx);
			const gy = Math.fround((a + 2 * b + cc - (g + 2 * h + k)) * inv8dy);
			if (gx !== gx || gy !== gy) {
				edge(r, i - r * W);
				continue;
			}
			const x = gx * z;
			const y = gy * z;
			const t = Math.sqrt(x * x + y * y);
			out[i] = degrees ? Math.atan(t) * RAD2DEG : 100 * t;
		}
		edge(r, W - 1);
	}
	options.onProgress?.(1);
	return out;
}
