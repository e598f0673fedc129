/**
 * Hillshade (Horn gradient, Lambertian), the formula of `gdaldem hillshade`:
 * value = 1 + 254 · cos(incidence), 1 where the cell faces away from the sun, 0 = nodata.
 * A flat cell therefore gets 1 + 254·cos(zenith) ≈ 255·cos(zenith) (180.6 vs 180.3 at 45° altitude).
 * No trigonometry per pixel: one square root and one division.
 */
import { rowCellSizesM } from './cellSize';
import { hornRow } from './hornGradient';
import { makeTicker, type Dem, type RunOptions } from './types';

export interface HillshadeOptions extends RunOptions {
	/** Sun azimuth, degrees clockwise from north. Default 315 (north-west, cartographic convention). */
	azimuthDeg?: number;
	/** Sun altitude above the horizon, degrees. Default 45. */
	altitudeDeg?: number;
	/** Vertical exaggeration. Default 1. */
	zFactor?: number;
	/** Row range [start, end) to compute (for splitting over workers); other rows stay 0. */
	rows?: [number, number];
}

const DEG = Math.PI / 180;

export function hillshade(dem: Dem, options: HillshadeOptions = {}): Uint8ClampedArray {
	const { width, height, data } = dem;
	const az = (options.azimuthDeg ?? 315) * DEG;
	const alt = (options.altitudeDeg ?? 45) * DEG;
	const z = options.zFactor ?? 1;
	const [r0, r1] = options.rows ?? [0, height];
	const sinAlt254 = Math.sin(alt) * 254;
	const kx = Math.sin(az) * Math.cos(alt) * z * 254;
	const ky = Math.cos(az) * Math.cos(alt) * z * 254;
	const z2 = z * z;
	const out = new Uint8ClampedArray(width * height);
	const { dx, dy } = rowCellSizesM(dem);
	const gx = new Float32Array(width);
	const gy = new Float32Array(width);
	const tick = makeTicker(r1 - r0, options);
	for (let r = r0; r < r1; r++) {
		tick(r - r0);
		hornRow(data, width, height, r, dx[r] as number, dy[r] as number, gx, gy);
		const base = r * width;
		for (let c = 0; c < width; c++) {
			const x = gx[c] as number;
			const y = gy[c] as number;
			if (x !== x) {
				out[base + c] = 0;
				continue;
			}
			// sun vector L = (sin az cos alt, cos az cos alt, sin alt); normal ∝ (-z·x, -z·y, 1)
			const cang254 = (sinAlt254 - x * kx - y * ky) / Math.sqrt(1 + z2 * (x * x + y * y));
			out[base + c] = cang254 <= 0 ? 1 : 1 + cang254; // Uint8ClampedArray rounds to nearest
		}
	}
	options.onProgress?.(1);
	return out;
}
