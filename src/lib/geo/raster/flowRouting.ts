/**
 * D8 flow directions from a least-cost (priority-flood / A*) search, the routing of GRASS r.watershed -s
 * (Ehlschlaeger 1989; Metz et al. 2011) and of Priority-Flood with directions (Barnes et al. 2014):
 *
 * - the search starts from the cells on the grid edge and next to nodata (row-major order) and always
 *   expands the lowest cell reached so far on the RAW elevations; equal elevations go first-in first-out;
 * - a cell drains to the cell from which the search first reached it. On slopes that is its lowest
 *   neighbour (steepest descent); inside a depression the search runs down to the pit bottom first, so
 *   flow follows the real terrain into the pit and leaves it along the search path to the spill point
 *   (no ε-tilted flat, no artificial stream tree over a filled bowl); across a flat it follows the
 *   breadth-first order from the flat's outlet;
 * - diagonal bias: a diagonal neighbour is not taken from the current cell when it is steeper to reach
 *   it from the shared cardinal neighbour (it is taken later from that neighbour), as r.watershed does;
 * - cells on the edge / next to nodata drain into their steepest-descent neighbour when it is an interior
 *   cell already reached by the search, otherwise out of the grid (code 0): flow never runs along the DEM
 *   boundary (r.watershed's accumulation does not pass flow from edge cells at all).
 *
 * `filled` = the depression-filled surface (each cell raised to the level at which the search reached
 * it, without ε). Directions use the codes of flowDirection.ts. Decision: docs/terrain.md "Correctness".
 */
import { rowCellSizesM } from './cellSize';
import { D8_NODATA } from './flowDirection';
import { makeTicker, type Dem, type RunOptions } from './types';

export interface FlowRouting {
	/** depression-filled elevations (NaN stays NaN) */
	filled: Float32Array;
	/** D8 codes (1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N, 128 NE; 0 outlet; 255 nodata) */
	dir: Uint8Array;
}

/**
 * Min-heap of cells ordered by (elevation, insertion number): ties pop first-in first-out. Keys are kept
 * next to the cell index so sifting never reads the grid.
 */
class FifoHeap {
	items: Int32Array;
	keys: Float32Array;
	seqs: Int32Array;
	size = 0;
	private seq = 0;
	constructor(capacity: number) {
		this.items = new Int32Array(capacity);
		this.keys = new Float32Array(capacity);
		this.seqs = new Int32Array(capacity);
	}
	push(i: number, z: number): void {
		if (this.size === this.items.length) this.grow();
		const items = this.items;
		const keys = this.keys;
		const seqs = this.seqs;
		const s = this.seq++;
		let k = this.size++;
		while (k > 0) {
			const p = (k - 1) >> 1;
			const kp = keys[p] as number;
			// a parent with the same key was pushed earlier (smaller seq): stop there
			if (kp <= z) break;
			items[k] = items[p] as number;
			keys[k] = kp;
			seqs[k] = seqs[p] as number;
			k = p;
		}
		items[k] = i;
		keys[k] = z;
		seqs[k] = s;
	}
	pop(): number {
		const items = this.items;
		const keys = this.keys;
		const seqs = this.seqs;
		const top = items[0] as number;
		const n = --this.size;
		const last = items[n] as number;
		const zl = keys[n] as number;
		const sl = seqs[n] as number;
		let k = 0;
		for (;;) {
			let ch = 2 * k + 1;
			if (ch >= n) break;
			let kc = keys[ch] as number;
			let sc = seqs[ch] as number;
			const r = ch + 1;
			if (r < n) {
				const kr = keys[r] as number;
				if (kr < kc || (kr === kc && (seqs[r] as number) < sc)) {
					ch = r;
					kc = kr;
					sc = seqs[r] as number;
				}
			}
			if (kc > zl || (kc === zl && sc > sl)) break;
			items[k] = items[ch] as number;
			keys[k] = kc;
			seqs[k] = sc;
			k = ch;
		}
		items[k] = last;
		keys[k] = zl;
		seqs[k] = sl;
		return top;
	}
	private grow(): void {
		const n = this.items.length * 2;
		const items = new Int32Array(n);
		items.set(this.items);
		const keys = new Float32Array(n);
		keys.set(this.keys);
		const seqs = new Int32Array(n);
		seqs.set(this.seqs);
		this.items = items;
		this.keys = keys;
		this.seqs = seqs;
	}
}

// Neighbour order of the search: S, N, W, E (cardinals first), then NE, SW, SE, NW.
const NDR = [1, -1, 0, 0, -1, 1, 1, -1] as const;
const NDC = [0, 0, -1, 1, 1, -1, 1, -1] as const;
/** D8 code of the step from neighbour k back to the centre cell (opposite direction). */
const BACK = [64, 4, 1, 16, 8, 128, 32, 2] as const;
/** D8 code of the step from the centre to neighbour k. */
const FWD = [4, 64, 16, 1, 128, 8, 2, 32] as const;
/** For diagonal k (4..7): index of the cardinal neighbour in the same row (E/W) and in the same column (N/S). */
const EW = [0, 0, 0, 0, 3, 2, 3, 2] as const;
const NS = [0, 0, 0, 0, 1, 0, 0, 1] as const;

export function flowRouting(
	dem: Pick<Dem, 'width' | 'height' | 'data' | 'transform' | 'crs'>,
	options: RunOptions = {}
): FlowRouting {
	const { width: W, height: H } = dem;
	const N = W * H;
	const z = dem.data;
	const filled = new Float32Array(z);
	const dir = new Uint8Array(N);
	// 0 = not reached, 1 = in the heap, 2 = expanded (or nodata)
	const state = new Uint8Array(N);
	const edge = new Uint8Array(N);
	const { dx, dy } = rowCellSizesM(dem);
	const offs = new Int32Array(8);
	for (let k = 0; k < 8; k++) offs[k] = (NDR[k] as number) * W + (NDC[k] as number);

	let nodata = 0;
	for (let i = 0; i < N; i++)
		if (z[i] !== z[i]) {
			state[i] = 2;
			dir[i] = D8_NODATA;
			nodata++;
		}
	for (let r = 0; r < H; r++) {
		edge[r * W] = 1;
		edge[r * W + W - 1] = 1;
	}
	for (let c = 0; c < W; c++) {
		edge[c] = 1;
		edge[N - W + c] = 1;
	}
	if (nodata > 0)
		for (let i = 0; i < N; i++) {
			if (z[i] === z[i]) continue;
			const r = (i - (i % W)) / W;
			const c = i - r * W;
			for (let k = 0; k < 8; k++) {
				const rr = r + (NDR[k] as number);
				const cc = c + (NDC[k] as number);
				if (rr >= 0 && cc >= 0 && rr < H && cc < W) edge[rr * W + cc] = 1;
			}
		}
	const heap = new FifoHeap(Math.max(1024, 4 * (W + H)));
	for (let i = 0; i < N; i++)
		if (edge[i] && state[i] === 0) {
			state[i] = 1;
			heap.push(i, z[i] as number);
		}

	const tick = makeTicker(N, options);
	const slope = new Float64Array(8);
	const dist = new Float64Array(8);
	let distRow = -1;
	let processed = 0;
	while (heap.size > 0) {
		const p = heap.pop();
		state[p] = 2;
		tick(++processed);
		const zp = z[p] as number;
		const fp = filled[p] as number;
		const col = p % W;
		const row = (p - col) / W;
		if (row !== distRow) {
			distRow = row;
			const ex = dx[row] as number;
			const ey = dy[row] as number;
			const dg = Math.sqrt(ex * ex + ey * ey);
			for (let k = 0; k < 8; k++) dist[k] = k < 2 ? ey : k < 4 ? ex : dg;
		}
		const border = row === 0 || col === 0 || row === H - 1 || col === W - 1;
		if (edge[p]) {
			// edge cell: drains into its steepest-descent neighbour when that is an interior cell already
			// expanded; when the steepest way down runs along the edge (or off the grid) it leaves the grid
			let best = 0;
			let code = 0;
			let interior = false;
			for (let k = 0; k < 8; k++) {
				const rr = row + (NDR[k] as number);
				const cc = col + (NDC[k] as number);
				if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
				const q = p + (offs[k] as number);
				if (dir[q] === D8_NODATA) continue;
				const s = (zp - (z[q] as number)) / (dist[k] as number);
				if (s > best) {
					best = s;
					code = FWD[k] as number;
					interior = !edge[q] && state[q] === 2;
				}
			}
			dir[p] = interior ? code : 0;
		}
		for (let k = 0; k < 8; k++) {
			slope[k] = 0;
			if (border) {
				const rr = row + (NDR[k] as number);
				const cc = col + (NDC[k] as number);
				if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
			}
			const q = p + (offs[k] as number);
			const st = state[q] as number;
			if (st === 2) continue;
			const zq = z[q] as number;
			if (zq > zp) slope[k] = (zq - zp) / (dist[k] as number);
			if (st === 1) continue;
			if (k > 3 && zq > zp) {
				// diagonal bias: skip q when it is steeper from the cardinal neighbour it shares with p
				const e = EW[k] as number;
				const n = NS[k] as number;
				const se = slope[e] as number;
				const sn = slope[n] as number;
				if (se > 0) {
					const ze = z[p + (offs[e] as number)] as number;
					if (ze < zq && (slope[k] as number) < (zq - ze) / (dist[0] as number)) continue;
				}
				if (sn > 0) {
					const zn = z[p + (offs[n] as number)] as number;
					if (zn < zq && (slope[k] as number) < (zq - zn) / (dist[2] as number)) continue;
				}
			}
			state[q] = 1;
			if (!edge[q]) dir[q] = BACK[k] as number;
			if (zq < fp) filled[q] = fp;
			heap.push(q, zq);
		}
	}
	options.onProgress?.(1);
	return { filled, dir };
}
