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

/**
 * Min-heap of cell indices ordered by z[index]. The key is stored next to the index (a cell's z does
 * not change while it is queued), so sifting touches only the compact heap arrays and never the
 * 4-byte-per-cell grid at random: the same comparisons as a heap reading z[], hence the same order.
 */
class CellHeap {
	items: Int32Array;
	keys: Float32Array;
	size = 0;
	constructor(
		private z: Float32Array,
		capacity: number
	) {
		this.items = new Int32Array(Math.max(16, capacity));
		this.keys = new Float32Array(Math.max(16, capacity));
	}
	push(i: number): void {
		if (this.size === this.items.length) {
			const bigger = new Int32Array(this.items.length * 2);
			bigger.set(this.items);
			this.items = bigger;
			const k2 = new Float32Array(this.keys.length * 2);
			k2.set(this.keys);
			this.keys = k2;
		}
		const items = this.items;
		const keys = this.keys;
		const zi = this.z[i] as number;
		let k = this.size++;
		while (k > 0) {
			const p = (k - 1) >> 1;
			const kp = keys[p] as number;
			if (kp <= zi) break;
			items[k] = items[p] as number;
			keys[k] = kp;
			k = p;
		}
		items[k] = i;
		keys[k] = zi;
	}
	pop(): number {
		const items = this.items;
		const keys = this.keys;
		const top = items[0] as number;
		const n = --this.size;
		const last = items[n] as number;
		const zl = keys[n] as number;
		let k = 0;
		for (;;) {
			let ch = 2 * k + 1;
			if (ch >= n) break;
			let kc = keys[ch] as number;
			const r = ch + 1;
			if (r < n) {
				const kr = keys[r] as number;
				if (kr < kc) {
					ch = r;
					kc = kr;
				}
			}
			if (kc >= zl) break;
			items[k] = items[ch] as number;
			keys[k] = kc;
			k = ch;
		}
		items[k] = last;
		keys[k] = zl;
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
	const offs = new Int32Array(8);
	for (let k = 0; k < 8; k++) offs[k] = (dr[k] as number) * W + (dc[k] as number);

	// nodata is closed; seeds = valid edge cells and valid cells next to nodata, pushed in row-major
	// order (the heap's tie order depends on it)
	let nodataCells = 0;
	for (let i = 0; i < N; i++)
		if (z[i] !== z[i]) {
			closed[i] = 1;
			nodataCells++;
		}
	const seedNear = nodataCells > 0 ? new Uint8Array(N) : null;
	if (seedNear)
		for (let i = 0; i < N; i++) {
			if (!closed[i] || z[i] === z[i]) continue;
			const r = (i - (i % W)) / W;
			const c = i - r * W;
			for (let k = 0; k < 8; k++) {
				const rr = r + (dr[k] as number);
				const cc = c + (dc[k] as number);
				if (rr >= 0 && cc >= 0 && rr < H && cc < W) seedNear[rr * W + cc] = 1;
			}
		}
	const trySeed = (i: number) => {
		if (closed[i]) return;
		closed[i] = 1;
		open.push(i);
	};
	for (let r = 0; r < H; r++) {
		const base = r * W;
		if (r === 0 || r === H - 1) for (let c = 0; c < W; c++) trySeed(base + c);
		else {
			trySeed(base);
			if (seedNear) for (let c = 1; c < W - 1; c++) if (seedNear[base + c]) trySeed(base + c);
			if (W > 1) trySeed(base + W - 1);
		}
	}
	const tick = makeTicker(N, options);
	const o0 = offs[0] as number,
		o1 = offs[1] as number,
		o2 = offs[2] as number,
		o3 = offs[3] as number,
		o4 = offs[4] as number,
		o5 = offs[5] as number,
		o6 = offs[6] as number,
		o7 = offs[7] as number;
	const lastRow = N - W;
	let processed = 0;
	while (open.size > 0 || pitHead < pitTail) {
		const c = pitHead < pitTail ? (pit[pitHead++] as number) : open.pop();
		tick(++processed);
		const zc = z[c] as number;
		const zUp = useEps ? nextUpF32(zc) : zc;
		const col = c % W;
		if (c >= W && c < lastRow && col !== 0 && col !== W - 1) {
			// interior: the 8 neighbours in the order E, SE, S, SW, W, NW, N, NE, no bounds checks
			let n = c + o0;
			if (!closed[n]) {
				closed[n] = 1;
				if ((z[n] as number) <= zUp) {
					z[n] = zUp;
					pit[pitTail++] = n;
				} else open.push(n);
			}
			n = c + o1;
			if (!closed[n]) {
				closed[n] = 1;
				if ((z[n] as number) <= zUp) {
					z[n] = zUp;
					pit[pitTail++] = n;
				} else open.push(n);
			}
			n = c + o2;
			if (!closed[n]) {
				closed[n] = 1;
				if ((z[n] as number) <= zUp) {
					z[n] = zUp;
					pit[pitTail++] = n;
				} else open.push(n);
			}
			n = c + o3;
			if (!closed[n]) {
				closed[n] = 1;
				if ((z[n] as number) <= zUp) {
					z[n] = zUp;
					pit[pitTail++] = n;
				} else open.push(n);
			}
			n = c + o4;
			if (!closed[n]) {
				closed[n] = 1;
				if ((z[n] as number) <= zUp) {
					z[n] = zUp;
					pit[pitTail++] = n;
				} else open.push(n);
			}
			n = c + o5;
			if (!closed[n]) {
				closed[n] = 1;
				if ((z[n] as number) <= zUp) {
					z[n] = zUp;
					pit[pitTail++] = n;
				} else open.push(n);
			}
			n = c + o6;
			if (!closed[n]) {
				closed[n] = 1;
				if ((z[n] as number) <= zUp) {
					z[n] = zUp;
					pit[pitTail++] = n;
				} else open.push(n);
			}
			n = c + o7;
			if (!closed[n]) {
				closed[n] = 1;
				if ((z[n] as number) <= zUp) {
					z[n] = zUp;
					pit[pitTail++] = n;
				} else open.push(n);
			}
			continue;
		}
		const r = (c - col) / W;
		for (let k = 0; k < 8; k++) {
			const rr = r + (dr[k] as number);
			const cc = col + (dc[k] as number);
			if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
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
