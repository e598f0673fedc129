/**
 * Depression filling by Priority-Flood + ε (Barnes, Lehman & Mulla 2014, Algorithm 3).
 * Cells on the grid edge and next to nodata are the outlets. Each cell is raised to at least the
 * next float32 above the cell that flooded it, so every filled cell — pits and flats alike — drains
 * to an outlet along a strictly decreasing path and D8 needs no separate flat resolution. Cells that
 * get raised go to a plain FIFO ("pit queue") instead of the priority queue, which keeps the number
 * of heap operations near the number of cells on slopes only (decision 052).
 */
import { makeTicker, type Dem, type RunOptions } from './types';

export interface FillOptions extends RunOptions {
	/** Add the float32 ε so flats drain (default true). false = classic fill: pits become exact flats. */
	epsilon?: boolean;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
/** Smallest float32 strictly greater than x (finite x). */
export function nextUpF32(x: number): number {
	f32[0] = x;
	const v = f32[0] as number;
	if (v === 0) {
		i32[0] = 1;
		return f32[0] as number;
	}
	i32[0] = (i32[0] as number) + (v > 0 ? 1 : -1);
	return f32[0] as number;
}

/** Min-heap of cell indices ordered by z[index]. */
class CellHeap {
	items: Int32Array;
	size = 0;
	constructor(
		private z: Float32Array,
		capacity: number
	) {
		this.items = new Int32Array(Math.max(16, capacity));
	}
	push(i: number): void {
		if (this.size === this.items.length) {
			const bigger = new Int32Array(this.items.length * 2);
			bigger.set(this.items);
			this.items = bigger;
		}
		const items = this.items;
		const z = this.z;
		const zi = z[i] as number;
		let k = this.size++;
		while (k > 0) {
			const p = (k - 1) >> 1;
			const ip = items[p] as number;
			if ((z[ip] as number) <= zi) break;
			items[k] = ip;
			k = p;
		}
		items[k] = i;
	}
	pop(): number {
		const items = this.items;
		const z = this.z;
		const top = items[0] as number;
		const last = items[--this.size] as number;
		const zl = z[last] as number;
		const n = this.size;
		let k = 0;
		for (;;) {
			let ch = 2 * k + 1;
			if (ch >= n) break;
			const r = ch + 1;
			if (r < n && (z[items[r] as number] as number) < (z[items[ch] as number] as number)) ch = r;
			if ((z[items[ch] as number] as number) >= zl) break;
			items[k] = items[ch] as number;
			k = ch;
		}
		items[k] = last;
		return top;
	}
}

/** Returns a new Float32Array with depressions filled (NaN stays NaN). */
export function fillDepressions(
	dem: Pick<Dem, 'width' | 'height' | 'data'>,
	options: FillOptions = {}
): Float32Array {
	const { width: W, height: H } = dem;
	const N = W * H;
	const useEps = options.epsilon ?? true;
	const z = new Float32Array(dem.data);
	const closed = new Uint8Array(N);
	const open = new CellHeap(z, Math.max(1024, 2 * (W + H)));
	const pit = new Int32Array(N);
	let pitHead = 0;
	let pitTail = 0;
	const dr = [0, 1, 1, 1, 0, -1, -1, -1];
	const dc = [1, 1, 0, -1, -1, -1, 0, 1];
	const offs = dr.map((r, k) => r * W + (dc[k] as number));

	// nodata is closed; seeds = valid edge cells and valid cells next to nodata
	for (let i = 0; i < N; i++) if (z[i] !== z[i]) closed[i] = 1;
	for (let r = 0; r < H; r++) {
		for (let c = 0; c < W; c++) {
			const i = r * W + c;
			if (closed[i]) continue;
			let seed = r === 0 || c === 0 || r === H - 1 || c === W - 1;
			if (!seed) {
				for (let k = 0; k < 8; k++) {
					const v = z[i + (offs[k] as number)] as number;
					if (v !== v) {
						seed = true;
						break;
					}
				}
			}
			if (seed) {
				closed[i] = 1;
				open.push(i);
			}
		}
	}
	const tick = makeTicker(N, options);
	let processed = 0;
	while (open.size > 0 || pitHead < pitTail) {
		const c = pitHead < pitTail ? (pit[pitHead++] as number) : open.pop();
		tick(++processed);
		const zc = z[c] as number;
		const zUp = useEps ? nextUpF32(zc) : zc;
		const r = (c / W) | 0;
		const col = c - r * W;
		const border = r === 0 || col === 0 || r === H - 1 || col === W - 1;
		for (let k = 0; k < 8; k++) {
			if (border) {
				const rr = r + (dr[k] as number);
				const cc = col + (dc[k] as number);
				if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
			}
			const n = c + (offs[k] as number);
			if (closed[n]) continue;
			closed[n] = 1;
			if ((z[n] as number) <= zUp) {
				z[n] = zUp;
				pit[pitTail++] = n;
			} else open.push(n);
		}
	}
	options.onProgress?.(1);
	return z;
}
