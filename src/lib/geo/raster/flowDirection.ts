/**
 * D8 flow direction (O'Callaghan & Mark 1984): each cell drains to the neighbour with the steepest
 * descent (drop / distance, distances in metres per row, diagonals √(dx²+dy²)). Run it on a filled DEM.
 *
 * Codes (ESRI convention): 1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N, 128 NE;
 * 0 = no lower neighbour (outlet on the edge / next to nodata, or an unfilled pit); 255 = nodata.
 * Ties keep the first direction in the order E, SE, S, SW, W, NW, N, NE.
 */
import { rowCellSizesM } from './cellSize';
import { makeTicker, type Dem, type RunOptions } from './types';

export const D8_CODES = [1, 2, 4, 8, 16, 32, 64, 128] as const;
export const D8_DR = [0, 1, 1, 1, 0, -1, -1, -1] as const;
export const D8_DC = [1, 1, 0, -1, -1, -1, 0, 1] as const;
export const D8_NODATA = 255;

/** Index 0..7 of a code, or -1. */
export function d8Index(code: number): number {
	switch (code) {
		case 1:
			return 0;
		case 2:
			return 1;
		case 4:
			return 2;
		case 8:
			return 3;
		case 16:
			return 4;
		case 32:
			return 5;
		case 64:
			return 6;
		case 128:
			return 7;
		default:
			return -1;
	}
}

/** Per-code index offset (256 entries; 0 for codes that do not flow). */
export function d8OffsetTable(width: number): Int32Array {
	const t = new Int32Array(256);
	for (let k = 0; k < 8; k++) t[D8_CODES[k] as number] = (D8_DR[k] as number) * width + (D8_DC[k] as number);
	return t;
}

export function flowDirection(
	dem: Pick<Dem, 'width' | 'height' | 'transform' | 'crs'>,
	filled: Float32Array,
	options: RunOptions = {}
): Uint8Array {
	const { width: W, height: H } = dem;
	const out = new Uint8Array(W * H);
	const { dx, dy } = rowCellSizesM(dem);
	const offs = D8_DR.map((r, k) => r * W + (D8_DC[k] as number));
	const inv = new Float64Array(8);
	const tick = makeTicker(H, options);
	// checked path for edge cells (neighbours outside the grid are skipped)
	const edgeCell = (r: number, c: number) => {
		const i = r * W + c;
		const z = filled[i] as number;
		if (z !== z) {
			out[i] = D8_NODATA;
			return;
		}
		let best = 0;
		let code = 0;
		for (let k = 0; k < 8; k++) {
			const rr = r + (D8_DR[k] as number);
			const cc = c + (D8_DC[k] as number);
			if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
			const zn = filled[i + (offs[k] as number)] as number;
			const drop = (z - zn) * (inv[k] as number); // NaN neighbour → NaN → never > best
			if (drop > best) {
				best = drop;
				code = D8_CODES[k] as number;
			}
		}
		out[i] = code;
	};
	for (let r = 0; r < H; r++) {
		tick(r);
		const ddx = dx[r] as number;
		const ddy = dy[r] as number;
		const diag = Math.sqrt(ddx * ddx + ddy * ddy);
		for (let k = 0; k < 8; k++) inv[k] = 1 / (D8_DR[k] === 0 ? ddx : D8_DC[k] === 0 ? ddy : diag);
		if (r === 0 || r === H - 1 || W < 3) {
			for (let c = 0; c < W; c++) edgeCell(r, c);
			continue;
		}
		// interior: 8 neighbours unrolled in the tie order E, SE, S, SW, W, NW, N, NE
		const iE = inv[0] as number;
		const iS = inv[2] as number;
		const iD = inv[1] as number;
		edgeCell(r, 0);
		const end = r * W + W - 1;
		for (let i = r * W + 1; i < end; i++) {
			const z = filled[i] as number;
			if (z !== z) {
				out[i] = D8_NODATA;
				continue;
			}
			let best = 0;
			let code = 0;
			let drop = (z - (filled[i + 1] as number)) * iE;
			if (drop > best) {
				best = drop;
				code = 1;
			}
			drop = (z - (filled[i + W + 1] as number)) * iD;
			if (drop > best) {
				best = drop;
				code = 2;
			}
			drop = (z - (filled[i + W] as number)) * iS;
			if (drop > best) {
				best = drop;
				code = 4;
			}
			drop = (z - (filled[i + W - 1] as number)) * iD;
			if (drop > best) {
				best = drop;
				code = 8;
			}
			drop = (z - (filled[i - 1] as number)) * iE;
			if (drop > best) {
				best = drop;
				code = 16;
			}
			drop = (z - (filled[i - W - 1] as number)) * iD;
			if (drop > best) {
				best = drop;
				code = 32;
			}
			drop = (z - (filled[i - W] as number)) * iS;
			if (drop > best) {
				best = drop;
				code = 64;
			}
			drop = (z - (filled[i - W + 1] as number)) * iD;
			if (drop > best) code = 128;
			out[i] = code;
		}
		edgeCell(r, W - 1);
	}
	options.onProgress?.(1);
	return out;
}
