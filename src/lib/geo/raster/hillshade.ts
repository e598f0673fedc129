/**
 * Hillshade (Horn gradient, Lambertian), the formula of `gdaldem hillshade`:
 * value = 1 + 254 · cos(incidence), 1 where the cell faces away from the sun, 0 = nodata.
 * A flat cell therefore gets 1 + 254·cos(zenith) ≈ 255·cos(zenith) (180.6 vs 180.3 at 45° altitude).
 * No trigonometry per pixel: one square root and one division. One pass over the rows with the 3×3
 * kernel inlined for interior cells (no per-cell calls or bounds checks); grid edges and cells next to
 * nodata take `hornCell` (same values as `hornRow`, the gradients are rounded to float32 like before).
 */
import { rowCellSizesM } from './cellSize';
import { hornCell } from './hornGradient';
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
	/** Write into this array (length width·height) instead of a new one, e.g. a shared buffer. */
	out?: Uint8ClampedArray;
}

const DEG = Math.PI / 180;

export function hillshade(dem: Dem, options: HillshadeOptions = {}): Uint8ClampedArray {
	const { width: W, height: H, data } = dem;
	const az = (options.azimuthDeg ?? 315) * DEG;
	const alt = (options.altitudeDeg ?? 45) * DEG;
	const z = options.zFactor ?? 1;
	const r0 = Math.max(0, options.rows?.[0] ?? 0);
	const r1 = Math.min(H, options.rows?.[1] ?? H);
	const sinAlt254 = Math.sin(alt) * 254;
	const kx = Math.sin(az) * Math.cos(alt) * z * 254;
	const ky = Math.cos(az) * Math.cos(alt) * z * 254;
	const z2 = z * z;
	const out = options.out ?? new Uint8ClampedArray(W * H);
	const { dx, dy } = rowCellSizesM(dem);
	const tick = makeTicker(r1 - r0, options);
	// sun vector L = (sin az cos alt, cos az cos alt, sin alt); normal ∝ (-z·x, -z·y, 1)
	const edge = (r: number, c: number) => {
		const i = r * W + c;
		const g = hornCell(data, W, H, r, c, dx[r] as number, dy[r] as number);
		const x = g[0] as number;
		const y = g[1] as number;
		if (x !== x) {
			out[i] = 0;
			return;
		}
		const cang254 = (sinAlt254 - x * kx - y * ky) / Math.sqrt(1 + z2 * (x * x + y * y));
		out[i] = cang254 <= 0 ? 1 : 1 + cang254; // Uint8ClampedArray rounds to nearest
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
				out[i] = 0;
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
			const x = Math.fround((cc + 2 * f + k - (a + 2 * d + g)) * inv8dx);
			const y = Math.fround((a + 2 * b + cc - (g + 2 * h + k)) * inv8dy);
			if (x !== x || y !== y) {
				edge(r, i - r * W); // a nodata neighbour: hornRow's substitution rule
				continue;
			}
			const cang254 = (sinAlt254 - x * kx - y * ky) / Math.sqrt(1 + z2 * (x * x + y * y));
			out[i] = cang254 <= 0 ? 1 : 1 + cang254;
		}
		edge(r, W - 1);
	}
	options.onProgress?.(1);
	return out;
}
