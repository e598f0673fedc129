/**
 * D8 flow accumulation: number of cells draining through each cell, INCLUDING itself (so a ridge cell
 * is 1), like GRASS r.watershed's accumulation. Topological order (Kahn), O(n). Nodata cells (code 255)
 * are 0. Multiply by the cell area for contributing area.
 */
import { D8_NODATA, d8OffsetTable } from './flowDirection';
import { makeTicker, type RunOptions } from './types';

export function flowAccumulation(
	grid: { width: number; height: number },
	dir: Uint8Array,
	options: RunOptions = {}
): Uint32Array {
	const { width: W, height: H } = grid;
	const N = W * H;
	const off = d8OffsetTable(W);
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
	const stack = new Int32Array(N);
	let sp = 0;
	for (let i = 0; i < N; i++) if (indeg[i] === 0 && dir[i] !== D8_NODATA) stack[sp++] = i;
	const tick = makeTicker(N, options);
	let done = 0;
	while (sp > 0) {
		const c = stack[--sp] as number;
		tick(++done);
		const d = dir[c] as number;
		if (d === 0) continue;
		const t = c + (off[d] as number);
		acc[t] = (acc[t] as number) + (acc[c] as number);
		indeg[t] = (indeg[t] as number) - 1;
		if (indeg[t] === 0) stack[sp++] = t;
	}
	options.onProgress?.(1);
	return acc;
}
