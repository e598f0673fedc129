/**
 * Slope from a DEM with the Horn kernel (same as `gdaldem slope`), in degrees or percent.
 * Geographic DEMs use per-row metric cell sizes (cellSize.ts). Nodata → NaN.
 */
import { rowCellSizesM } from './cellSize';
import { hornRow } from './hornGradient';
import { makeTicker, type Dem, type RunOptions } from './types';

export type SlopeUnit = 'degrees' | 'percent';

export interface SlopeOptions extends RunOptions {
	/** 'degrees' (default) or 'percent' (100 · rise/run). */
	unit?: SlopeUnit;
	/** Vertical exaggeration applied to elevations, default 1. */
	zFactor?: number;
	/** Row range to compute [start, end) — lets a caller split the work over workers. */
	rows?: [number, number];
}

const RAD2DEG = 180 / Math.PI;

export function slope(dem: Dem, options: SlopeOptions = {}): Float32Array {
	const { width, height, data } = dem;
	const unit = options.unit ?? 'degrees';
	const z = options.zFactor ?? 1;
	const [r0, r1] = options.rows ?? [0, height];
	const out = new Float32Array(width * height).fill(NaN);
	const { dx, dy } = rowCellSizesM(dem);
	const gx = new Float32Array(width);
	const gy = new Float32Array(width);
	const tick = makeTicker(r1 - r0, options);
	for (let r = r0; r < r1; r++) {
		tick(r - r0);
		hornRow(data, width, height, r, dx[r] as number, dy[r] as number, gx, gy);
		const base = r * width;
		if (unit === 'degrees') {
			for (let c = 0; c < width; c++) {
				const x = (gx[c] as number) * z;
				const y = (gy[c] as number) * z;
				out[base + c] = Math.atan(Math.sqrt(x * x + y * y)) * RAD2DEG;
			}
		} else {
			for (let c = 0; c < width; c++) {
				const x = (gx[c] as number) * z;
				const y = (gy[c] as number) * z;
				out[base + c] = 100 * Math.sqrt(x * x + y * y);
			}
		}
	}
	options.onProgress?.(1);
	return out;
}
