/**
 * D8 flow directions from a least-cost (priority-flood / A*) search, the routing of GRASS r.watershed -s
 * (Ehlschlaeger 1989; Metz et al. 2011) and of Priority-Flood with directions (Barnes et al. 2014):
 *
 * - the search starts from the cells on the grid edge and next to nodata (row-major order) and always
 *   expands the lowest cell reached so far on the RAW elevations rounded to integer millimetres (what
 *   r.watershed does with floating-point DEMs: ele × 1000, rounded); equal keys go first-in first-out;
 * - the priority queue is a bucket (radix) queue over the distinct millimetre values, so the whole search is
 *   O(n) (r.watershed uses a 3-ary heap; the pop order is the same);
 * - a cell drains to the cell from which the search first reached it. On slopes that is its lowest
 *   neighbour (steepest descent); inside a depression the search runs down to the pit bottom first, so
 *   flow follows the real terrain into the pit and leaves it along the search path to the spill point
 *   (no ε-tilted flat, no artificial stream tree over a filled bowl); across a flat it follows the
 *   breadth-first order from the flat's outlet;
 * - diagonal bias: a diagonal neighbour is not taken from the current cell when it is steeper to reach
 *   it from a shared cardinal neighbour that is not yet expanded — whatever that neighbour's elevation, even
 *   equal to the current cell's (it is taken later from that neighbour), as r.watershed 8.2 does (slope ≥ 0);
 * - cells on the edge / next to nodata (the search seeds) drain, as in r.watershed's drainage map, to the
 *   first neighbour expanded while they still wait in the queue (diagonal rule as above; that neighbour
 *   may be another edge cell: flow then runs along the edge), else out of the grid (code 0). The flow such
 *   cells pass on is what r.watershed's accumulation leaves out: `flowAccumulation(…, { edgeFlow: false })`.
 *
 * `filled` = the depression-filled surface (each cell raised to the level at which the search reached
 * it, without ε). Directions use the codes of flowDirection.ts. Decision: docs/terrain.md "Correctness".
 */
import { gridCellSizes } from './gridCellSizes';
import { D8_NODATA } from './flowDirection';
import { ORDER_EDGE, ORDER_INDEX_BITS, ORDER_MAX_CELLS } from './searchOrder';
import { makeTicker, RasterError, type Dem, type RunOptions } from './types';

export interface FlowRouting {
	/** depression-filled elevations (NaN stays NaN) */
	filled: Float32Array;
	/** D8 codes (1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N, 128 NE; 0 outlet; 255 nodata) */
	dir: Uint8Array;
	/** elevation step of the search keys in metres (0.001 = r.watershed's millimetres) */
	quantumM: number;
	/**
	 * The cells in the order the search expanded them (`count` entries, each = index | direction | edge flag,
	 * searchOrder.ts). Every cell drains to a cell expanded before it, so the reverse order is a topological
	 * order for `flowAccumulation(…, { order })`.
	 */
	order: Int32Array;
	/** number of data cells (entries of `order`) */
	count: number;
}

// Neighbour order of the search: S, N, W, E (cardinals first), then NE, SW, SE, NW.
const NDR = [1, -1, 0, 0, -1, 1, 1, -1] as const;
const NDC = [0, 0, -1, 1, 1, -1, 1, -1] as const;
/** For diagonal k (4..7): index of the cardinal neighbour in the same row (E/W) and in the same column (N/S). */
const EW = [0, 0, 0, 0, 3, 2, 3, 2] as const;
const NS = [0, 0, 0, 0, 1, 0, 0, 1] as const;

/**
 * Search keys beyond this many millimetres of relief (8,388 m: more than any DEM short of the Himalaya) use a
 * coarser step (2 mm, …); the rank field of the flags has 23 bits.
 */
const MAX_SPAN = 1 << 23;

/** GRASS ele_round: nearest integer, halves away from zero. */
const eleRound = (v: number) => (v >= 0 ? Math.floor(v + 0.5) : -Math.floor(-v + 0.5));

const popcount = (x: number) => {
	x -= (x >>> 1) & 0x55555555;
	x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
	return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
};

// cell flags, kept in the high bits of the search key (one random read per neighbour gives both)
const RANK = (1 << 23) - 1;
// the D8 direction while searching, as log2(code) + 1 in bits 23..26 (0 = none yet): written with the QUEUED
// flag into the word just read, instead of a separate store into `dir`; unpacked into `dir` after the search
const DIR_SHIFT = 23;
const DIRF = 15 << DIR_SHIFT;
const TO_E = 1 << DIR_SHIFT; // code 1
const TO_SE = 2 << DIR_SHIFT; // code 2
const TO_S = 3 << DIR_SHIFT; // code 4
const TO_SW = 4 << DIR_SHIFT; // code 8
const TO_W = 5 << DIR_SHIFT; // code 16
const TO_NW = 6 << DIR_SHIFT; // code 32
const TO_N = 7 << DIR_SHIFT; // code 64
const TO_NE = 8 << DIR_SHIFT; // code 128
/** For neighbour k: the packed direction of the step from it back to the centre cell (D8 codes 64, 4, 1, 16, 8, 128, 32, 2). */
const BACKF = [TO_N, TO_S, TO_E, TO_W, TO_SW, TO_NE, TO_NW, TO_SE] as const;
const QUEUED = 1 << 27;
const DONE = 1 << 28; // expanded, or nodata
const EDGE = 1 << 29; // search seed: on the grid border or next to nodata
const BORDER = 1 << 30; // on the grid border: neighbours need bounds checks

/**
 * Search keys: elevations in integer millimetres (v × 1000 rounded, as r.watershed keys floating-point DEMs),
 * from the lowest. When the millimetre span is not much larger than the grid (any real DEM of ≥ 2000² cells
 * with < 4 km relief) the millimetres are the keys, one bucket each; else they are replaced by their rank among
 * the distinct values present (a bitmap over the span + prefix popcounts, O(n)), so the bucket queue has at
 * most one bucket per distinct elevation. `mmOfRank[key]` gives the millimetres back either way.
 */
function elevationKeys(
	z: Float32Array,
	zMin: number,
	zMax: number,
	mm: Int32Array
): { mmOfRank: Int32Array; key: Int32Array; buckets: number; perM: number; base: number } {
	let perM = 1000;
	const span = eleRound(zMax * 1000) - eleRound(zMin * 1000) + 1;
	if (span > MAX_SPAN) perM = 1000 / Math.ceil(span / MAX_SPAN);
	const base = eleRound(zMin * perM);
	const N = z.length;
	const key = new Int32Array(N);
	const keySpan = eleRound(zMax * perM) - base + 1;
	if (keySpan <= Math.max(1 << 22, N)) {
		// a span not much larger than the grid: the millimetres (from base) are the keys themselves, one bucket
		// per millimetre (empty ones are skipped 32 at a time by the queue's bitmap); no ranking pass
		for (let i = 0; i < N; i++) {
			const v = z[i] as number;
			if (v === v) key[i] = eleRound(v * perM) - base;
		}
		const mmOfKey = new Int32Array(keySpan);
		for (let b = 0; b < keySpan; b++) mmOfKey[b] = b;
		return { mmOfRank: mmOfKey, key, buckets: keySpan, perM, base };
	}
	const words = new Int32Array(((keySpan + 31) >> 5) + 1);
	for (let i = 0; i < N; i++) {
		const v = z[i] as number;
		if (v !== v) {
			mm[i] = -1;
			continue;
		}
		const b = eleRound(v * perM) - base;
		mm[i] = b;
		words[b >> 5] = (words[b >> 5] as number) | (1 << (b & 31));
	}
	let total = 0;
	for (let w = 0; w < words.length; w++) total += popcount(words[w] as number);
	// millimetres (from base) of each rank: the main loop reads them through the rank in the flags
	const mmOfRank = new Int32Array(total);
	// a span much larger than the grid (a sparse bitmap): ranks from prefix popcounts
	for (let w = 0, j = 0; w < words.length; w++) {
		let x = words[w] as number;
		while (x !== 0) {
			const low = x & -x;
			mmOfRank[j++] = (w << 5) + 31 - Math.clz32(low);
			x ^= low;
		}
	}
	const rank = new Int32Array(words.length);
	for (let w = 0, t = 0; w < words.length; w++) {
		rank[w] = t;
		t += popcount(words[w] as number);
	}
	for (let i = 0; i < N; i++) {
		const b = mm[i] as number;
		if (b < 0) continue;
		const w = b >> 5;
		key[i] = (rank[w] as number) + popcount((words[w] as number) & ((1 << (b & 31)) - 1));
	}
	return { mmOfRank, key, buckets: total, perM, base };
}

type RoutingDem = Pick<Dem, 'width' | 'height' | 'data' | 'transform' | 'crs'>;

/** Cell sizes of `row` for the 8 neighbours (S, N: dy; W, E: dx; diagonals). Module-level: one call target. */
function setDist(dist: Float64Array, dx: Float64Array, dy: Float64Array, row: number): void {
	const ex = dx[row] as number;
	const ey = dy[row] as number;
	const dg = Math.sqrt(ex * ex + ey * ey);
	for (let k = 0; k < 8; k++) dist[k] = k < 2 ? ey : k < 4 ? ex : dg;
}

/** Progress callback behind a fixed call target (`makeTicker` returns a new closure per run). */
function callTick(tick: (i: number) => void, i: number): void {
	tick(i);
}

let warmedUp = false;

/**
 * JIT warm-up, once per process (worker), before the first large grid: the search runs on two small
 * pseudo-random DEMs (pits, flats, ties, nodata, lon/lat rows) so that every branch of the search has type
 * feedback when V8 optimizes it on the large grid. Without it the first large run is deoptimized and
 * recompiled several times (each branch first taken after the optimization throws it back to the
 * interpreter), about 2× slower than the following runs. Results of the warm-up are discarded.
 */
function warmUp(): void {
	warmedUp = true;
	let seed = 12345;
	const rnd = () => {
		seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
		return seed / 0x80000000;
	};
	// rough projected terrain, a lon/lat bowl with nodata, a spike of 5 km (the prefix-popcount ranks), and
	// again (V8 allocates a function's feedback only after it has run a while)
	for (const kind of [0, 1, 2, 0, 1]) {
		const W = 64;
		const H = 56;
		const data = new Float32Array(W * H);
		for (let r = 0; r < H; r++)
			for (let c = 0; c < W; c++) {
				const u = rnd();
				// rough terrain or a bowl with terraces (flats, ties), millimetre and sub-mm steps, pits, nodata
				let v =
					kind === 0
						? Math.round(rnd() * 8 + r * 0.05)
						: Math.round(((r - 28) ** 2 + (c - 32) ** 2) / 20 + 3 * Math.sin(r / 3) * Math.cos(c / 4));
				if (u < 0.3) v += Math.floor(u * 40) * 0.001 + u * 0.0004;
				if (u > 0.93) v -= 2;
				if (kind === 1 && u > 0.985) v = NaN;
				data[r * W + c] = v;
			}
		if (kind === 2) data[(H >> 1) * W + (W >> 1)] = 5000;
		const dem: RoutingDem =
			kind === 1
				? { width: W, height: H, data, transform: [-72.1, 1 / 3600, 0, -13.3, 0, -1 / 3600], crs: 4326 }
				: { width: W, height: H, data, transform: [800000, 30, 0, 8520000, 0, -30], crs: 32718 };
		route(dem, {}, 0xf);
	}
}

export function flowRouting(dem: RoutingDem, options: RunOptions = {}): FlowRouting {
	if (!warmedUp && dem.width * dem.height >= 1 << 18) warmUp();
	return route(dem, options, 0xffff);
}

function route(dem: RoutingDem, options: RunOptions, tickMask: number): FlowRouting {
	const { width: W, height: H } = dem;
	const N = W * H;
	const z = dem.data;
	const filled = new Float32Array(z);
	const dir = new Uint8Array(N);
	const { dx, dy } = gridCellSizes(dem); // CRS units, like r.watershed (decision 133)
	const varRows = dx[0] !== dx[H - 1] || dy[0] !== dy[H - 1];

	let zMin = Infinity;
	let zMax = -Infinity;
	let nodata = 0;
	for (let i = 0; i < N; i++) {
		const v = z[i] as number;
		if (v !== v) {
			dir[i] = D8_NODATA;
			nodata++;
		} else {
			if (v < zMin) zMin = v;
			if (v > zMax) zMax = v;
		}
	}
	if (nodata === N) {
		options.onProgress?.(1);
		return { filled, dir, quantumM: 0.001, order: new Int32Array(0), count: 0 };
	}
	if (N > ORDER_MAX_CELLS)
		throw new RasterError('DEM_TOO_LARGE', 'El DEM tiene demasiadas celdas para el enrutamiento.');
	// `next` (the queue links) holds the millimetres while the keys are built: its values are never read
	// before the queue writes them
	const next = new Int32Array(N);
	const { mmOfRank, key: flags, buckets: nb, perM, base } = elevationKeys(z, zMin, zMax, next);
	if (nodata > 0) for (let i = 0; i < N; i++) if (z[i] !== z[i]) flags[i] = DONE;

	for (let r = 0; r < H; r++) {
		flags[r * W] = (flags[r * W] as number) | EDGE | BORDER;
		flags[r * W + W - 1] = (flags[r * W + W - 1] as number) | EDGE | BORDER;
	}
	for (let c = 0; c < W; c++) {
		flags[c] = (flags[c] as number) | EDGE | BORDER;
		flags[N - W + c] = (flags[N - W + c] as number) | EDGE | BORDER;
	}
	if (nodata > 0)
		for (let i = 0; i < N; i++) {
			if (z[i] === z[i]) continue;
			const r = (i - (i % W)) / W;
			const c = i - r * W;
			for (let k = 0; k < 8; k++) {
				const rr = r + (NDR[k] as number);
				const cc = c + (NDC[k] as number);
				if (rr >= 0 && cc >= 0 && rr < H && cc < W)
					flags[rr * W + cc] = (flags[rr * W + cc] as number) | EDGE;
			}
		}

	// Bucket (radix) priority queue, O(1) per push and pop: one FIFO list per key (head/tail + next links)
	// and a bitmap of non-empty buckets to find the next one 32 keys at a time; `cur` = lowest non-empty key.
	// Equal keys pop first-in first-out, like r.watershed's heap (ties by insertion number).
	const head = new Int32Array(nb);
	const tail = new Int32Array(nb);
	const bits = new Int32Array((nb + 31) >> 5);
	let cur = nb;
	let queued = 0;
	// seeds in row-major order; without nodata only the grid border is visited
	const allCells = nodata > 0 || W <= 2;
	for (let i = 0; i < N; i = allCells || i < W || i >= N - W - 1 || i % W !== 0 ? i + 1 : i + W - 1) {
		const f = flags[i] as number;
		if ((f & (EDGE | DONE)) !== EDGE) continue;
		flags[i] = f | QUEUED;
		const b = f & RANK;
		const w = b >> 5;
		const m = 1 << (b & 31);
		if ((bits[w] as number) & m) next[tail[b] as number] = i;
		else {
			bits[w] = (bits[w] as number) | m;
			head[b] = i;
		}
		tail[b] = i;
		if (b < cur) cur = b;
		queued++;
	}

	const order = new Int32Array(N - nodata);
	search(
		W,
		H,
		flags,
		next,
		dir,
		filled,
		mmOfRank,
		head,
		tail,
		bits,
		cur,
		queued,
		nb,
		perM,
		base,
		varRows,
		dx,
		dy,
		makeTicker(N, options),
		tickMask,
		order
	);
	// unpack the directions (nodata keeps D8_NODATA; a cell without a direction drains out: code 0)
	for (let i = 0; i < N; i++) {
		const d = ((flags[i] as number) & DIRF) >>> DIR_SHIFT;
		if (d !== 0) dir[i] = 1 << (d - 1);
	}
	options.onProgress?.(1);
	return { filled, dir, quantumM: 1 / perM, order, count: N - nodata };
}

/** The least-cost search (its own function: V8 optimizes it apart from the set-up loops). */
function search(
	W: number,
	H: number,
	flags: Int32Array,
	next: Int32Array,
	dir: Uint8Array,
	filled: Float32Array,
	mmOfRank: Int32Array,
	head: Int32Array,
	tail: Int32Array,
	bits: Int32Array,
	cur: number,
	queued: number,
	nb: number,
	perM: number,
	base: number,
	varRows: boolean,
	dx: Float64Array,
	dy: Float64Array,
	tick: (i: number) => void,
	tickMask: number,
	order: Int32Array
): void {
	const nWords = bits.length;
	const offs = new Int32Array(8);
	for (let k = 0; k < 8; k++) offs[k] = (NDR[k] as number) * W + (NDC[k] as number);
	const sl = new Float64Array(4);
	const dist = new Float64Array(8);
	setDist(dist, dx, dy, 0);
	let distRow = 0;
	let processed = 0;
	// The flag constants again as literals in this function: V8 loads module-level bindings from the module
	// context on every use in this loop instead of folding them (measured: ~3 % of the search). Same values
	// as the module-level ones (the identity test would fail on any difference).
	const RANK = (1 << 23) - 1;
	const QUEUED = 1 << 27;
	const DONE = 1 << 28;
	const EDGE = 1 << 29;
	const BORDER = 1 << 30;
	const RAISED = 1 << 31; // filled[i] was raised above z[i] (else filled[i] === z[i], not read at the pop)
	const DIRF = 15 << 23;
	const TO_E = 1 << 23;
	const TO_SE = 2 << 23;
	const TO_S = 3 << 23;
	const TO_SW = 4 << 23;
	const TO_W = 5 << 23;
	const TO_NW = 6 << 23;
	const TO_N = 7 << 23;
	const TO_NE = 8 << 23;
	// imported constants as locals (imported bindings are not constant-folded in hot loops)
	const dirToOrder = ORDER_INDEX_BITS - DIR_SHIFT;
	const orderEdge = ORDER_EDGE;
	while (queued > 0) {
		// pop the oldest cell of the lowest key
		const p = head[cur] as number;
		if (p !== tail[cur]) head[cur] = next[p] as number;
		else {
			let w = cur >> 5;
			let x = (bits[w] as number) & ~(1 << (cur & 31));
			bits[w] = x;
			x &= -1 << (cur & 31);
			while (x === 0 && ++w < nWords) x = bits[w] as number;
			cur = w < nWords ? (w << 5) + 31 - Math.clz32(x & -x) : nb;
		}
		queued--;
		const fl = ((flags[p] as number) & ~QUEUED) | DONE;
		flags[p] = fl;
		// expansion order (searchOrder.ts; the direction is final once a cell is expanded): every cell drains to
		// a cell expanded before it
		order[processed] = p | ((fl & DIRF) << dirToOrder) | (fl & EDGE ? orderEdge : 0);
		if ((++processed & tickMask) === 0) callTick(tick, processed);
		const kp = mmOfRank[fl & RANK] as number;
		// p raised by the fill (to another millimetre): else a strictly higher neighbour q has z[q] > filled[p]
		// and its filled value needs no check; filled[p] is read only when it can differ from z[p]
		const fr = (fl & RAISED) !== 0;
		const fp = fr ? (filled[p] as number) : 0;
		const raised = fr && eleRound(fp * perM) - base !== kp;
		if (varRows) {
			const row = (p / W) | 0;
			if (row !== distRow) {
				distRow = row;
				setDist(dist, dx, dy, row);
			}
		}
		let col = -1;
		let row = -1;
		if (fl & BORDER) {
			col = p % W;
			row = (p - col) / W;
		}
		if ((fl & BORDER) === 0) {
			// interior cell: the 8 neighbours unrolled (same rules as the loop below). Comparisons use the
			// ranks (same order as the millimetres); the diagonal rule's slopes read the millimetres.
			const rp = fl & RANK;
			const ex = dist[2] as number;
			const ey = dist[0] as number;
			const dg = dist[4] as number;
			const qs = p + W;
			const fs = flags[qs] as number;
			const rs = fs & RANK;
			// not expanded (r.watershed: slope ≥ 0, also when not uphill): the diagonal rule compares through it
			const us = (fs & DONE) === 0;
			if ((fs & (DONE | QUEUED)) === 0) {
				flags[qs] = fs & EDGE ? fs | QUEUED : fs | QUEUED | TO_N;
				if (raised || rs <= rp) {
					const v = fr ? fp : (filled[p] as number);
					if ((filled[qs] as number) < v) {
						filled[qs] = v;
						flags[qs] = (flags[qs] as number) | RAISED;
					}
				}
				const ws = rs >> 5;
				const ms = 1 << (rs & 31);
				if ((bits[ws] as number) & ms) next[tail[rs] as number] = qs;
				else {
					bits[ws] = (bits[ws] as number) | ms;
					head[rs] = qs;
				}
				tail[rs] = qs;
				if (rs < cur) cur = rs;
				queued++;
			} else if ((fs & (EDGE | QUEUED | DONE)) === (EDGE | QUEUED) && (fs & DIRF) === 0 && (fs & RANK) > rp)
				flags[qs] = fs | TO_N;
			const qn = p - W;
			const fn = flags[qn] as number;
			const rn = fn & RANK;
			// not expanded (r.watershed: slope ≥ 0, also when not uphill): the diagonal rule compares through it
			const un = (fn & DONE) === 0;
			if ((fn & (DONE | QUEUED)) === 0) {
				flags[qn] = fn & EDGE ? fn | QUEUED : fn | QUEUED | TO_S;
				if (raised || rn <= rp) {
					const v = fr ? fp : (filled[p] as number);
					if ((filled[qn] as number) < v) {
						filled[qn] = v;
						flags[qn] = (flags[qn] as number) | RAISED;
					}
				}
				const wn = rn >> 5;
				const mn = 1 << (rn & 31);
				if ((bits[wn] as number) & mn) next[tail[rn] as number] = qn;
				else {
					bits[wn] = (bits[wn] as number) | mn;
					head[rn] = qn;
				}
				tail[rn] = qn;
				if (rn < cur) cur = rn;
				queued++;
			} else if ((fn & (EDGE | QUEUED | DONE)) === (EDGE | QUEUED) && (fn & DIRF) === 0 && (fn & RANK) > rp)
				flags[qn] = fn | TO_S;
			const qw = p - 1;
			const fw = flags[qw] as number;
			const rw = fw & RANK;
			// not expanded (r.watershed: slope ≥ 0, also when not uphill): the diagonal rule compares through it
			const uw = (fw & DONE) === 0;
			if ((fw & (DONE | QUEUED)) === 0) {
				flags[qw] = fw & EDGE ? fw | QUEUED : fw | QUEUED | TO_E;
				if (raised || rw <= rp) {
					const v = fr ? fp : (filled[p] as number);
					if ((filled[qw] as number) < v) {
						filled[qw] = v;
						flags[qw] = (flags[qw] as number) | RAISED;
					}
				}
				const ww = rw >> 5;
				const mw = 1 << (rw & 31);
				if ((bits[ww] as number) & mw) next[tail[rw] as number] = qw;
				else {
					bits[ww] = (bits[ww] as number) | mw;
					head[rw] = qw;
				}
				tail[rw] = qw;
				if (rw < cur) cur = rw;
				queued++;
			} else if ((fw & (EDGE | QUEUED | DONE)) === (EDGE | QUEUED) && (fw & DIRF) === 0 && (fw & RANK) > rp)
				flags[qw] = fw | TO_E;
			const qe = p + 1;
			const fe = flags[qe] as number;
			const re = fe & RANK;
			// not expanded (r.watershed: slope ≥ 0, also when not uphill): the diagonal rule compares through it
			const ue = (fe & DONE) === 0;
			if ((fe & (DONE | QUEUED)) === 0) {
				flags[qe] = fe & EDGE ? fe | QUEUED : fe | QUEUED | TO_W;
				if (raised || re <= rp) {
					const v = fr ? fp : (filled[p] as number);
					if ((filled[qe] as number) < v) {
						filled[qe] = v;
						flags[qe] = (flags[qe] as number) | RAISED;
					}
				}
				const we = re >> 5;
				const me = 1 << (re & 31);
				if ((bits[we] as number) & me) next[tail[re] as number] = qe;
				else {
					bits[we] = (bits[we] as number) | me;
					head[re] = qe;
				}
				tail[re] = qe;
				if (re < cur) cur = re;
				queued++;
			} else if ((fe & (EDGE | QUEUED | DONE)) === (EDGE | QUEUED) && (fe & DIRF) === 0 && (fe & RANK) > rp)
				flags[qe] = fe | TO_W;
			const qne = p - W + 1;
			const fne = flags[qne] as number;
			if ((fne & DONE) === 0) {
				const rne = fne & RANK;
				let take = true;
				if (rne > rp && (ue || un)) {
					const zne = mmOfRank[rne] as number;
					const tne = (zne - kp) / dg;
					if (ue && re < rne && tne < (zne - (mmOfRank[re] as number)) / ey) take = false;
					else if (un && rn < rne && tne < (zne - (mmOfRank[rn] as number)) / ex) take = false;
				}
				if (take && (fne & QUEUED) === 0) {
					flags[qne] = fne & EDGE ? fne | QUEUED : fne | QUEUED | TO_SW;
					if (raised || rne <= rp) {
						const v = fr ? fp : (filled[p] as number);
						if ((filled[qne] as number) < v) {
							filled[qne] = v;
							flags[qne] = (flags[qne] as number) | RAISED;
						}
					}
					const wne = rne >> 5;
					const mne = 1 << (rne & 31);
					if ((bits[wne] as number) & mne) next[tail[rne] as number] = qne;
					else {
						bits[wne] = (bits[wne] as number) | mne;
						head[rne] = qne;
					}
					tail[rne] = qne;
					if (rne < cur) cur = rne;
					queued++;
				} else if (take && fne & EDGE && (fne & DIRF) === 0 && rne > rp) flags[qne] = fne | TO_SW;
			}
			const qsw = p + W - 1;
			const fsw = flags[qsw] as number;
			if ((fsw & DONE) === 0) {
				const rsw = fsw & RANK;
				let take = true;
				if (rsw > rp && (uw || us)) {
					const zsw = mmOfRank[rsw] as number;
					const tsw = (zsw - kp) / dg;
					if (uw && rw < rsw && tsw < (zsw - (mmOfRank[rw] as number)) / ey) take = false;
					else if (us && rs < rsw && tsw < (zsw - (mmOfRank[rs] as number)) / ex) take = false;
				}
				if (take && (fsw & QUEUED) === 0) {
					flags[qsw] = fsw & EDGE ? fsw | QUEUED : fsw | QUEUED | TO_NE;
					if (raised || rsw <= rp) {
						const v = fr ? fp : (filled[p] as number);
						if ((filled[qsw] as number) < v) {
							filled[qsw] = v;
							flags[qsw] = (flags[qsw] as number) | RAISED;
						}
					}
					const wsw = rsw >> 5;
					const msw = 1 << (rsw & 31);
					if ((bits[wsw] as number) & msw) next[tail[rsw] as number] = qsw;
					else {
						bits[wsw] = (bits[wsw] as number) | msw;
						head[rsw] = qsw;
					}
					tail[rsw] = qsw;
					if (rsw < cur) cur = rsw;
					queued++;
				} else if (take && fsw & EDGE && (fsw & DIRF) === 0 && rsw > rp) flags[qsw] = fsw | TO_NE;
			}
			const qse = p + W + 1;
			const fse = flags[qse] as number;
			if ((fse & DONE) === 0) {
				const rse = fse & RANK;
				let take = true;
				if (rse > rp && (ue || us)) {
					const zse = mmOfRank[rse] as number;
					const tse = (zse - kp) / dg;
					if (ue && re < rse && tse < (zse - (mmOfRank[re] as number)) / ey) take = false;
					else if (us && rs < rse && tse < (zse - (mmOfRank[rs] as number)) / ex) take = false;
				}
				if (take && (fse & QUEUED) === 0) {
					flags[qse] = fse & EDGE ? fse | QUEUED : fse | QUEUED | TO_NW;
					if (raised || rse <= rp) {
						const v = fr ? fp : (filled[p] as number);
						if ((filled[qse] as number) < v) {
							filled[qse] = v;
							flags[qse] = (flags[qse] as number) | RAISED;
						}
					}
					const wse = rse >> 5;
					const mse = 1 << (rse & 31);
					if ((bits[wse] as number) & mse) next[tail[rse] as number] = qse;
					else {
						bits[wse] = (bits[wse] as number) | mse;
						head[rse] = qse;
					}
					tail[rse] = qse;
					if (rse < cur) cur = rse;
					queued++;
				} else if (take && fse & EDGE && (fse & DIRF) === 0 && rse > rp) flags[qse] = fse | TO_NW;
			}
			const qnw = p - W - 1;
			const fnw = flags[qnw] as number;
			if ((fnw & DONE) === 0) {
				const rnw = fnw & RANK;
				let take = true;
				if (rnw > rp && (uw || un)) {
					const znw = mmOfRank[rnw] as number;
					const tnw = (znw - kp) / dg;
					if (uw && rw < rnw && tnw < (znw - (mmOfRank[rw] as number)) / ey) take = false;
					else if (un && rn < rnw && tnw < (znw - (mmOfRank[rn] as number)) / ex) take = false;
				}
				if (take && (fnw & QUEUED) === 0) {
					flags[qnw] = fnw & EDGE ? fnw | QUEUED : fnw | QUEUED | TO_SE;
					if (raised || rnw <= rp) {
						const v = fr ? fp : (filled[p] as number);
						if ((filled[qnw] as number) < v) {
							filled[qnw] = v;
							flags[qnw] = (flags[qnw] as number) | RAISED;
						}
					}
					const wnw = rnw >> 5;
					const mnw = 1 << (rnw & 31);
					if ((bits[wnw] as number) & mnw) next[tail[rnw] as number] = qnw;
					else {
						bits[wnw] = (bits[wnw] as number) | mnw;
						head[rnw] = qnw;
					}
					tail[rnw] = qnw;
					if (rnw < cur) cur = rnw;
					queued++;
				} else if (take && fnw & EDGE && (fnw & DIRF) === 0 && rnw > rp) flags[qnw] = fnw | TO_SE;
			}
			continue;
		}
		for (let k = 0; k < 8; k++) {
			if (k < 4) sl[k] = -1; // -1: outside or expanded (no diagonal rule through it)
			const rr = row + (NDR[k] as number);
			const cc = col + (NDC[k] as number);
			if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
			const q = p + (offs[k] as number);
			const fq = flags[q] as number;
			if (fq & DONE) continue;
			const kq = mmOfRank[fq & RANK] as number;
			if (k < 4) {
				sl[k] = kq > kp ? (kq - kp) / (dist[k] as number) : 0;
				if (fq & QUEUED) {
					if (fq & EDGE && (fq & DIRF) === 0 && kq > kp) flags[q] = fq | (BACKF[k] as number);
					continue;
				}
			} else {
				if (kq > kp) {
					// diagonal bias: skip q when it is steeper from a not yet expanded cardinal neighbour it
					// shares with p (also before re-pointing an edge cell that waits in the queue)
					const sk = (kq - kp) / (dist[k] as number);
					const e = EW[k] as number;
					const n = NS[k] as number;
					if ((sl[e] as number) >= 0) {
						const ke = mmOfRank[(flags[p + (offs[e] as number)] as number) & RANK] as number;
						if (ke < kq && sk < (kq - ke) / (dist[0] as number)) continue;
					}
					if ((sl[n] as number) >= 0) {
						const kn = mmOfRank[(flags[p + (offs[n] as number)] as number) & RANK] as number;
						if (kn < kq && sk < (kq - kn) / (dist[2] as number)) continue;
					}
				}
				if (fq & QUEUED) {
					if (fq & EDGE && (fq & DIRF) === 0 && kq > kp) flags[q] = fq | (BACKF[k] as number);
					continue;
				}
			}
			flags[q] = fq & EDGE ? fq | QUEUED : fq | QUEUED | (BACKF[k] as number);
			const v = filled[p] as number;
			if ((filled[q] as number) < v) {
				filled[q] = v;
				flags[q] = (flags[q] as number) | RAISED;
			}
			// push q at the tail of its key's list
			const b = fq & RANK;
			const w = b >> 5;
			const m = 1 << (b & 31);
			if ((bits[w] as number) & m) next[tail[b] as number] = q;
			else {
				bits[w] = (bits[w] as number) | m;
				head[b] = q;
			}
			tail[b] = q;
			if (b < cur) cur = b;
			queued++;
		}
	}
}
