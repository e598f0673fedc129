/**
 * D8 flow accumulation: number of cells draining through each cell, INCLUDING itself (so a ridge cell
 * is 1), like GRASS r.watershed's accumulation. Topological order (Kahn), O(n), no recursion or stack. Nodata cells (code 255)
 * are 0. Multiply by the cell area for contributing area.
 *
 * `edgeFlow: false` = r.watershed's accumulation raster: cells on the grid border or next to nodata count
 * themselves but pass nothing downstream (their contributing area is cut by the DEM edge; GRASS: "do not
 * distribute flow along edges, this causes artifacts"). Streams use it; basins follow `dir` (all cells).
 */
import { D8_NODATA, d8OffsetTable } from './flowDirection';
import { ORDER_EDGE, ORDER_INDEX, ORDER_INDEX_BITS, orderOffsets } from './searchOrder';
import { makeTicker, type RunOptions } from './types';

export interface AccumulationOptions extends RunOptions {
	/** false: cells on the grid border or next to nodata pass no flow (r.watershed's accumulation raster) */
	edgeFlow?: boolean;
	/**
	 * flowRouting's expansion order (`order`, `count`) for these `dir`: then the accumulation is one pass in
	 * reverse order (each cell drains to a cell expanded before it) instead of Kahn's indegree scan; same result.
	 */
	order?: { order: Int32Array; count: number };
}

export function flowAccumulation(
	grid: { width: number; height: number },
	dir: Uint8Array,
	options: AccumulationOptions = {}
): Uint32Array {
	const { width: W, height: H } = grid;
	const N = W * H;
	if (options.order) return accumulateInOrder(N, W, options.order, options.edgeFlow !== false, options);
	const off = d8OffsetTable(W);
	if (options.edgeFlow === false) dir = withoutEdgeFlow(W, H, dir);
	const indeg = new Uint8Array(N);
	const acc = new Uint32Array(N);
	for (let i = 0; i < N; i++) {
		const d = dir[i] as number;
		if (d === D8_NODATA) continue;
		acc[i] = 1;
		if (d !== 0) {
			const t = i + (off[d] as number);
			indeg[t] = (indeg[t] as number) + 1;
		}
	}
	// Kahn's order without a stack: from each source (indegree 0, in row-major order) follow the
	// downstream chain while each next cell has received all its inflows
	const tick = makeTicker(N, options);
	for (let i = 0; i < N; i++) {
		if (indeg[i] !== 0) continue;
		let c = i;
		let d = dir[c] as number;
		if (d === D8_NODATA) continue;
		tick(i);
		while (d !== 0) {
			const t = c + (off[d] as number);
			acc[t] = (acc[t] as number) + (acc[c] as number);
			const left = (indeg[t] as number) - 1;
			if (left !== 0) {
				indeg[t] = left;
				break;
			}
			indeg[t] = 255; // complete: handled here, so the row-major scan must not restart from it
			c = t;
			d = dir[c] as number;
		}
	}
	options.onProgress?.(1);
	return acc;
}

/** Copy of `dir` where cells on the grid border or next to nodata are outlets (code 0). */
function withoutEdgeFlow(W: number, H: number, dir: Uint8Array): Uint8Array {
	const out = new Uint8Array(dir);
	const N = W * H;
	const cut = (i: number) => {
		if (out[i] !== D8_NODATA) out[i] = 0;
	};
	for (let c = 0; c < W; c++) {
		cut(c);
		cut(N - W + c);
	}
	for (let r = 0; r < H; r++) {
		cut(r * W);
		cut(r * W + W - 1);
	}
	for (let i = 0; i < N; i++) {
		if (dir[i] !== D8_NODATA) continue;
		const c = i % W;
		const r = (i - c) / W;
		for (let dr = -1; dr <= 1; dr++)
			for (let dc = -1; dc <= 1; dc++) {
				const rr = r + dr;
				const cc = c + dc;
				if (rr >= 0 && cc >= 0 && rr < H && cc < W) cut(rr * W + cc);
			}
	}
	return out;
}

/**
 * One pass over the search order reversed: a cell's inflows are complete when it is reached. Each entry carries
 * the cell's direction and edge flag (searchOrder.ts); edge cells pass their flow only when `edgeFlow`.
 */
function accumulateInOrder(
	N: number,
	W: number,
	{ order, count }: { order: Int32Array; count: number },
	edgeFlow: boolean,
	options: RunOptions
): Uint32Array {
	const acc = new Uint32Array(N);
	const off = orderOffsets(W);
	const tick = makeTicker(count, options);
	// entries of edge cells that pass no flow are read as "drains out"
	const stop = edgeFlow ? 0 : ORDER_EDGE;
	// the encoding's constants as locals (imported bindings are not constant-folded in the loop: 2× slower)
	const index = ORDER_INDEX;
	const shift = ORDER_INDEX_BITS;
	for (let k = count - 1; k >= 0; k--) {
		const e = order[k] as number;
		const p = e & index;
		const v = (acc[p] as number) + 1;
		acc[p] = v;
		const d = (e >>> shift) & 15;
		if (d !== 0 && (e & stop) === 0) {
			const t = p + (off[d] as number);
			acc[t] = (acc[t] as number) + v;
		}
		if ((k & 0xffff) === 0) tick(count - k);
	}
	options.onProgress?.(1);
	return acc;
}
