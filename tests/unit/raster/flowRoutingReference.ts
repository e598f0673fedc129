// Frozen copy of src/lib/geo/raster/flowRouting.ts (commit 5e7d288) used as the reference of the
// bit-identity property test (flowRouting.identity.test.ts). Do not optimise this file.
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
import { gridCellSizes } from '../../../src/lib/geo/raster/gridCellSizes';
import { D8_NODATA } from '../../../src/lib/geo/raster/flowDirection';
import { makeTicker, RasterError, type Dem, type RunOptions } from '../../../src/lib/geo/raster/types';

export interface FlowRouting {
	/** depression-filled elevations (NaN stays NaN) */
	filled: Float32Array;
	/** D8 codes (1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N, 128 NE; 0 outlet; 255 nodata) */
	dir: Uint8Array;
	/** elevation step of the search keys in metres (0.001 = r.watershed's millimetres) */
	quantumM: number;
}

// Neighbour order of the search: S, N, W, E (cardinals first), then NE, SW, SE, NW.
const NDR = [1, -1, 0, 0, -1, 1, 1, -1] as const;
const NDC = [0, 0, -1, 1, 1, -1, 1, -1] as const;
/** D8 code of the step from neighbour k back to the centre cell (opposite direction). */
const BACK = [64, 4, 1, 16, 8, 128, 32, 2] as const;
/** For diagonal k (4..7): index of the cardinal neighbour in the same row (E/W) and in the same column (N/S). */
const EW = [0, 0, 0, 0, 3, 2, 3, 2] as const;
const NS = [0, 0, 0, 0, 1, 0, 0, 1] as const;

/**
 * Search keys beyond this many millimetres of relief (8,388 m) use a coarser step (2 mm, …). Was 2^28 (268 km)
 * until flowRouting packed the D8 direction into its flags word (23 rank bits left).
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
const RANK = (1 << 27) - 1;
const QUEUED = 1 << 27;
const DONE = 1 << 28; // expanded, or nodata
const EDGE = 1 << 29; // search seed: on the grid border or next to nodata
const BORDER = 1 << 30; // on the grid border: neighbours need bounds checks

/**
 * Search keys: elevations in integer millimetres (v × 1000 rounded, as r.watershed keys floating-point DEMs),
 * replaced by their rank among the distinct values present (a bitmap over the millimetre span + prefix
 * popcounts, O(n)), so the bucket queue has at most one bucket per distinct elevation.
 */
function elevationKeys(
	z: Float32Array,
	zMin: number,
	zMax: number
): { mm: Int32Array; key: Int32Array; buckets: number; perM: number } {
	let perM = 1000;
	const span = eleRound(zMax * 1000) - eleRound(zMin * 1000) + 1;
	if (span > MAX_SPAN) perM = 1000 / Math.ceil(span / MAX_SPAN);
	const base = eleRound(zMin * perM);
	const words = new Int32Array(((eleRound(zMax * perM) - base + 1 + 31) >> 5) + 1);
	const N = z.length;
	const mm = new Int32Array(N);
	const key = new Int32Array(N);
	for (let i = 0; i < N; i++) {
		const v = z[i] as number;
		if (v !== v) continue;
		const b = eleRound(v * perM) - base;
		mm[i] = b;
		words[b >> 5] = (words[b >> 5] as number) | (1 << (b & 31));
	}
	const rank = new Int32Array(words.length);
	let total = 0;
	for (let w = 0; w < words.length; w++) {
		rank[w] = total;
		total += popcount(words[w] as number);
	}
	for (let i = 0; i < N; i++) {
		if (z[i] !== z[i]) continue;
		const b = mm[i] as number;
		const w = b >> 5;
		key[i] = (rank[w] as number) + popcount((words[w] as number) & ((1 << (b & 31)) - 1));
	}
	return { mm, key, buckets: total, perM };
}

export function flowRoutingReference(
	dem: Pick<Dem, 'width' | 'height' | 'data' | 'transform' | 'crs'>,
	options: RunOptions = {}
): FlowRouting {
	const { width: W, height: H } = dem;
	const N = W * H;
	const z = dem.data;
	const filled = new Float32Array(z);
	const dir = new Uint8Array(N);
	const { dx, dy } = gridCellSizes(dem); // CRS units, like r.watershed (decision 133)
	const varRows = dx[0] !== dx[H - 1] || dy[0] !== dy[H - 1];
	const offs = new Int32Array(8);
	for (let k = 0; k < 8; k++) offs[k] = (NDR[k] as number) * W + (NDC[k] as number);

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
		return { filled, dir, quantumM: 0.001 };
	}
	if (N > RANK)
		throw new RasterError('DEM_TOO_LARGE', 'El DEM tiene demasiadas celdas para el enrutamiento.');
	const { mm, key: flags, buckets: nb, perM } = elevationKeys(z, zMin, zMax);
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
	const next = new Int32Array(N);
	const bits = new Int32Array((nb + 31) >> 5);
	const nWords = bits.length;
	let cur = nb;
	let queued = 0;
	for (let i = 0; i < N; i++) {
		const f = flags[i] as number;
		if ((f & (EDGE | DONE)) !== EDGE) continue;
		flags[i] = f | QUEUED;
		const b = f & RANK;
		const w = b >> 5;
		const m = 1 << (b & 31);
		next[i] = -1;
		if ((bits[w] as number) & m) next[tail[b] as number] = i;
		else {
			bits[w] = (bits[w] as number) | m;
			head[b] = i;
		}
		tail[b] = i;
		if (b < cur) cur = b;
		queued++;
	}

	const tick = makeTicker(N, options);
	const sl = new Float64Array(4);
	const dist = new Float64Array(8);
	const setDist = (row: number) => {
		const ex = dx[row] as number;
		const ey = dy[row] as number;
		const dg = Math.sqrt(ex * ex + ey * ey);
		for (let k = 0; k < 8; k++) dist[k] = k < 2 ? ey : k < 4 ? ex : dg;
	};
	setDist(0);
	let distRow = 0;
	let processed = 0;
	while (queued > 0) {
		// pop the oldest cell of the lowest key
		const p = head[cur] as number;
		const nx = next[p] as number;
		if (nx >= 0) head[cur] = nx;
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
		if ((++processed & 0xffff) === 0) tick(processed);
		const kp = mm[p] as number;
		const fp = filled[p] as number;
		if (varRows) {
			const row = (p / W) | 0;
			if (row !== distRow) {
				distRow = row;
				setDist(row);
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
				flags[qs] = fs | QUEUED;
				if (!(fs & EDGE)) dir[qs] = 64;
				if ((filled[qs] as number) < fp) filled[qs] = fp;
				next[qs] = -1;
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
			} else if ((fs & (EDGE | QUEUED | DONE)) === (EDGE | QUEUED) && dir[qs] === 0 && (fs & RANK) > rp)
				dir[qs] = 64;
			const qn = p - W;
			const fn = flags[qn] as number;
			const rn = fn & RANK;
			// not expanded (r.watershed: slope ≥ 0, also when not uphill): the diagonal rule compares through it
			const un = (fn & DONE) === 0;
			if ((fn & (DONE | QUEUED)) === 0) {
				flags[qn] = fn | QUEUED;
				if (!(fn & EDGE)) dir[qn] = 4;
				if ((filled[qn] as number) < fp) filled[qn] = fp;
				next[qn] = -1;
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
			} else if ((fn & (EDGE | QUEUED | DONE)) === (EDGE | QUEUED) && dir[qn] === 0 && (fn & RANK) > rp)
				dir[qn] = 4;
			const qw = p - 1;
			const fw = flags[qw] as number;
			const rw = fw & RANK;
			// not expanded (r.watershed: slope ≥ 0, also when not uphill): the diagonal rule compares through it
			const uw = (fw & DONE) === 0;
			if ((fw & (DONE | QUEUED)) === 0) {
				flags[qw] = fw | QUEUED;
				if (!(fw & EDGE)) dir[qw] = 1;
				if ((filled[qw] as number) < fp) filled[qw] = fp;
				next[qw] = -1;
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
			} else if ((fw & (EDGE | QUEUED | DONE)) === (EDGE | QUEUED) && dir[qw] === 0 && (fw & RANK) > rp)
				dir[qw] = 1;
			const qe = p + 1;
			const fe = flags[qe] as number;
			const re = fe & RANK;
			// not expanded (r.watershed: slope ≥ 0, also when not uphill): the diagonal rule compares through it
			const ue = (fe & DONE) === 0;
			if ((fe & (DONE | QUEUED)) === 0) {
				flags[qe] = fe | QUEUED;
				if (!(fe & EDGE)) dir[qe] = 16;
				if ((filled[qe] as number) < fp) filled[qe] = fp;
				next[qe] = -1;
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
			} else if ((fe & (EDGE | QUEUED | DONE)) === (EDGE | QUEUED) && dir[qe] === 0 && (fe & RANK) > rp)
				dir[qe] = 16;
			const qne = p - W + 1;
			const fne = flags[qne] as number;
			if ((fne & DONE) === 0) {
				const rne = fne & RANK;
				let take = true;
				if (rne > rp && (ue || un)) {
					const zne = mm[qne] as number;
					const tne = (zne - kp) / dg;
					if (ue && re < rne && tne < (zne - (mm[qe] as number)) / ey) take = false;
					else if (un && rn < rne && tne < (zne - (mm[qn] as number)) / ex) take = false;
				}
				if (take && (fne & QUEUED) === 0) {
					flags[qne] = fne | QUEUED;
					if (!(fne & EDGE)) dir[qne] = 8;
					if ((filled[qne] as number) < fp) filled[qne] = fp;
					next[qne] = -1;
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
				} else if (take && fne & EDGE && dir[qne] === 0 && rne > rp) dir[qne] = 8;
			}
			const qsw = p + W - 1;
			const fsw = flags[qsw] as number;
			if ((fsw & DONE) === 0) {
				const rsw = fsw & RANK;
				let take = true;
				if (rsw > rp && (uw || us)) {
					const zsw = mm[qsw] as number;
					const tsw = (zsw - kp) / dg;
					if (uw && rw < rsw && tsw < (zsw - (mm[qw] as number)) / ey) take = false;
					else if (us && rs < rsw && tsw < (zsw - (mm[qs] as number)) / ex) take = false;
				}
				if (take && (fsw & QUEUED) === 0) {
					flags[qsw] = fsw | QUEUED;
					if (!(fsw & EDGE)) dir[qsw] = 128;
					if ((filled[qsw] as number) < fp) filled[qsw] = fp;
					next[qsw] = -1;
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
				} else if (take && fsw & EDGE && dir[qsw] === 0 && rsw > rp) dir[qsw] = 128;
			}
			const qse = p + W + 1;
			const fse = flags[qse] as number;
			if ((fse & DONE) === 0) {
				const rse = fse & RANK;
				let take = true;
				if (rse > rp && (ue || us)) {
					const zse = mm[qse] as number;
					const tse = (zse - kp) / dg;
					if (ue && re < rse && tse < (zse - (mm[qe] as number)) / ey) take = false;
					else if (us && rs < rse && tse < (zse - (mm[qs] as number)) / ex) take = false;
				}
				if (take && (fse & QUEUED) === 0) {
					flags[qse] = fse | QUEUED;
					if (!(fse & EDGE)) dir[qse] = 32;
					if ((filled[qse] as number) < fp) filled[qse] = fp;
					next[qse] = -1;
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
				} else if (take && fse & EDGE && dir[qse] === 0 && rse > rp) dir[qse] = 32;
			}
			const qnw = p - W - 1;
			const fnw = flags[qnw] as number;
			if ((fnw & DONE) === 0) {
				const rnw = fnw & RANK;
				let take = true;
				if (rnw > rp && (uw || un)) {
					const znw = mm[qnw] as number;
					const tnw = (znw - kp) / dg;
					if (uw && rw < rnw && tnw < (znw - (mm[qw] as number)) / ey) take = false;
					else if (un && rn < rnw && tnw < (znw - (mm[qn] as number)) / ex) take = false;
				}
				if (take && (fnw & QUEUED) === 0) {
					flags[qnw] = fnw | QUEUED;
					if (!(fnw & EDGE)) dir[qnw] = 2;
					if ((filled[qnw] as number) < fp) filled[qnw] = fp;
					next[qnw] = -1;
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
				} else if (take && fnw & EDGE && dir[qnw] === 0 && rnw > rp) dir[qnw] = 2;
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
			const kq = mm[q] as number;
			if (k < 4) {
				sl[k] = kq > kp ? (kq - kp) / (dist[k] as number) : 0;
				if (fq & QUEUED) {
					if (fq & EDGE && dir[q] === 0 && kq > kp) dir[q] = BACK[k] as number;
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
						const ke = mm[p + (offs[e] as number)] as number;
						if (ke < kq && sk < (kq - ke) / (dist[0] as number)) continue;
					}
					if ((sl[n] as number) >= 0) {
						const kn = mm[p + (offs[n] as number)] as number;
						if (kn < kq && sk < (kq - kn) / (dist[2] as number)) continue;
					}
				}
				if (fq & QUEUED) {
					if (fq & EDGE && dir[q] === 0 && kq > kp) dir[q] = BACK[k] as number;
					continue;
				}
			}
			flags[q] = fq | QUEUED;
			if (!(fq & EDGE)) dir[q] = BACK[k] as number;
			if ((filled[q] as number) < fp) filled[q] = fp;
			// push q at the tail of its key's list
			const b = fq & RANK;
			const w = b >> 5;
			const m = 1 << (b & 31);
			next[q] = -1;
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
	options.onProgress?.(1);
	return { filled, dir, quantumM: 1 / perM };
}
