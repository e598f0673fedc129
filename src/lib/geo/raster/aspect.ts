/**
 * Aspect (the compass direction a slope FACES, i.e. of steepest descent), degrees clockwise from north
 * in [0, 360): 0 = north-facing, 90 = east, 180 = south, 270 = west. Same convention as `gdaldem aspect`.
 * Flat cells (gradient below `flatTolerance`) and nodata → NaN (gdaldem writes -9999 for flat).
 */
import { rowCellSizesM } from './cellSize';
import { hornRow } from './hornGradient';
import { makeTicker, type Dem, type RunOptions } from './types';

export interface AspectOptions extends RunOptions {
	/** Gradients (m/m) with magnitude below this count as flat. Default 1e-9. */
	flatTolerance?: number;
}

const RAD2DEG = 180 / Math.PI;

export function aspect(dem: Dem, options: AspectOptions = {}): Float32Array {
	const { width, height, data } = dem;
	const tol = options.flatTolerance ?? 1e-9;
	const out = new Float32Array(width * height);
	const { dx, dy } = rowCellSizesM(dem);
	const gx = new Float32Array(width);
	const gy = new Float32Array(width);
	const tick = makeTicker(height, options);
	for (let r = 0; r < height; r++) {
		tick(r);
		hornRow(data, width, height, r, dx[r] as number, dy[r] as number, gx, gy);
		const base = r * width;
		for (let c = 0; c < width; c++) {
			const x = gx[c] as number;
			const y = gy[c] as number;
			if (!(Math.abs(x) > tol || Math.abs(y) > tol)) {
				out[base + c] = NaN; // flat or nodata
				continue;
			}
			// downslope vector is (-x, -y) in (east, north); compass azimuth = atan2(east, north)
			let az = Math.atan2(-x, -y) * RAD2DEG;
			if (az < 0) az += 360;
			if (az >= 360) az -= 360;
			out[base + c] = az;
		}
	}
	options.onProgress?.(1);
	return out;
}
