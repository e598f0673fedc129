/**
 * Watershed (drainage basin) delineation from a pour point.
 * The clicked point (lon/lat) is snapped to the cell of maximum flow accumulation within
 * `snapToleranceM` (i.e. onto the stream), then every cell whose D8 path passes through it is
 * collected (upstream traversal, O(basin cells), no full-grid pass). The cell mask is traced into a
 * polygon along cell edges (GeoJSON, WGS84, outer rings counter-clockwise; diagonal-only contacts
 * become separate parts of a MultiPolygon). Area is ellipsoidal (areaHa), perimeter geodesic along
 * the cell-edge staircase (it overstates a smooth divide's length by up to ~27%).
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { areaHa } from '../areaHa';
import { perimeterM } from '../perimeterM';
import { rowCellSizesM } from './cellSize';
import { lonLatToPixel, pixelToLonLat } from './coords';
import { D8_CODES, D8_DC, D8_DR, D8_NODATA } from './flowDirection';
import { hornCell } from './hornGradient';
import { RasterError, type Dem } from './types';

export interface WatershedOptions {
	/** Search radius for snapping the pour point onto the max-accumulation cell. Default 3 cells. */
	snapToleranceM?: number;
	/** If given, filled with the milliseconds of each stage (snap+upstream, stats, polygon, measures). */
	timingsMs?: Record<string, number>;
}

export interface WatershedStats {
	areaHa: number;
	perimeterM: number;
	cells: number;
	meanSlopeDeg: number;
	minElevationM: number;
	maxElevationM: number;
	/** Snapped outlet, lon/lat of the cell centre. */
	outlet: [number, number];
	outletCell: { col: number; row: number };
	outletAccumulation: number;
	/** Distance (m, grid) between the clicked point and the snapped outlet. */
	snapDistanceM: number;
}

export interface WatershedResult {
	polygon: Feature<Polygon | MultiPolygon, WatershedStats>;
	stats: WatershedStats;
	/** Basin cell indices (row-major), outlet first. */
	cells: Int32Array;
}

export function snapPourPoint(
	dem: Pick<Dem, 'width' | 'height' | 'transform' | 'crs' | 'cellSizeM'>,
	acc: Uint32Array,
	lon: number,
	lat: number,
	snapToleranceM?: number
): { col: number; row: number; distanceM: number } {
	const [px, py] = lonLatToPixel(dem, lon, lat);
	if (!(px >= 0 && py >= 0 && px < dem.width && py < dem.height))
		throw new RasterError('POINT_OUTSIDE_DEM', 'El punto de salida está fuera del DEM.');
	const c0 = Math.floor(px);
	const r0 = Math.floor(py);
	const tol = snapToleranceM ?? 3 * Math.max(dem.cellSizeM.x, dem.cellSizeM.y);
	const rc = Math.ceil(tol / dem.cellSizeM.x);
	const rr = Math.ceil(tol / dem.cellSizeM.y);
	let best = -1;
	let bestAcc = 0;
	let bestD = Infinity;
	for (let r = Math.max(0, r0 - rr); r <= Math.min(dem.height - 1, r0 + rr); r++) {
		for (let c = Math.max(0, c0 - rc); c <= Math.min(dem.width - 1, c0 + rc); c++) {
			const d = Math.hypot((c + 0.5 - px) * dem.cellSizeM.x, (r + 0.5 - py) * dem.cellSizeM.y);
			if (d > tol && !(r === r0 && c === c0)) continue;
			const a = acc[r * dem.width + c] as number;
			if (a > bestAcc || (a === bestAcc && a > 0 && d < bestD)) {
				best = r * dem.width + c;
				bestAcc = a;
				bestD = d;
			}
		}
	}
	if (best < 0)
		throw new RasterError('POINT_OUTSIDE_DEM', 'El punto de salida cae en una zona sin datos del DEM.');
	return { col: best % dem.width, row: Math.floor(best / dem.width), distanceM: bestD };
}

/**
 * All cells draining through `outlet` (index), outlet first: breadth-first over the inverse D8 graph
 * on an Int32Array queue. Interior cells use precomputed index offsets with no bounds checks; only
 * cells on the grid edge take the checked path.
 */
export function upstreamCells(
	grid: { width: number; height: number },
	dir: Uint8Array,
	outlet: number,
	/** Expected cell count (e.g. the outlet's accumulation): sizes the queue once. */
	capacity = 1024
): Int32Array {
	const { width: W, height: H } = grid;
	let q = new Int32Array(Math.min(Math.max(16, capacity + 8), W * H + 8));
	q[0] = outlet;
	let head = 0;
	let tail = 1;
	// neighbour k of c drains into c if its code points back: direction (−dr, −dc) = index (k+4)%8
	const back = new Uint8Array(8);
	const offs = new Int32Array(8);
	for (let k = 0; k < 8; k++) {
		back[k] = D8_CODES[(k + 4) % 8] as number;
		offs[k] = (D8_DR[k] as number) * W + (D8_DC[k] as number);
	}
	const b0 = back[0] as number,
		b1 = back[1] as number,
		b2 = back[2] as number,
		b3 = back[3] as number,
		b4 = back[4] as number,
		b5 = back[5] as number,
		b6 = back[6] as number,
		b7 = back[7] as number;
	const o0 = offs[0] as number,
		o1 = offs[1] as number,
		o2 = offs[2] as number,
		o3 = offs[3] as number,
		o4 = offs[4] as number,
		o5 = offs[5] as number,
		o6 = offs[6] as number,
		o7 = offs[7] as number;
	const lastRow = (H - 1) * W;
	while (head < tail) {
		// at most 8 pushes per cell: grow before the cell, never inside the neighbour loop
		if (tail + 8 > q.length) {
			const b = new Int32Array(Math.min(Math.max(q.length * 2, tail + 8), W * H + 8));
			b.set(q.subarray(0, tail));
			q = b;
		}
		const c = q[head++] as number;
		const col = c % W;
		if (c >= W && c < lastRow && col !== 0 && col !== W - 1) {
			if (dir[c + o0] === b0) q[tail++] = c + o0;
			if (dir[c + o1] === b1) q[tail++] = c + o1;
			if (dir[c + o2] === b2) q[tail++] = c + o2;
			if (dir[c + o3] === b3) q[tail++] = c + o3;
			if (dir[c + o4] === b4) q[tail++] = c + o4;
			if (dir[c + o5] === b5) q[tail++] = c + o5;
			if (dir[c + o6] === b6) q[tail++] = c + o6;
			if (dir[c + o7] === b7) q[tail++] = c + o7;
			continue;
		}
		const r = (c - col) / W;
		for (let k = 0; k < 8; k++) {
			const rr = r + (D8_DR[k] as number);
			const cc = col + (D8_DC[k] as number);
			if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
			const n = rr * W + cc;
			if (dir[n] === back[k]) q[tail++] = n;
		}
	}
	return tail === q.length ? q : q.slice(0, tail);
}

/** Bounding-box-local mask of a cell set, with a one-cell empty border. */
export function localMask(width: number, cells: Int32Array) {
	// row = floor(i / width) by a float multiply (exact after the ±1 fix-up), no integer division
	const invW = 1 / width;
	let minR = Infinity,
		maxR = -1,
		minC = Infinity,
		maxC = -1;
	for (let k = 0; k < cells.length; k++) {
		const i = cells[k] as number;
		let r = (i * invW) | 0;
		let c = i - r * width;
		if (c < 0) {
			r--;
			c += width;
		} else if (c >= width) {
			r++;
			c -= width;
		}
		if (r < minR) minR = r;
		if (r > maxR) maxR = r;
		if (c < minC) minC = c;
		if (c > maxC) maxC = c;
	}
	const w = maxC - minC + 3;
	const h = maxR - minR + 3;
	const m = new Uint8Array(w * h);
	// local index = (r − minR + 1)·w + (c − minC + 1) = i + (r·(w − width)) + shift
	const shift = w - minC + 1 - minR * w;
	const dw = w - width;
	for (let k = 0; k < cells.length; k++) {
		const i = cells[k] as number;
		let r = (i * invW) | 0;
		const c = i - r * width;
		if (c < 0) r--;
		else if (c >= width) r++;
		m[i + r * dw + shift] = 1;
	}
	return { m, w, h, minR, minC };
}

/** Traces a cell set into rings (pixel-corner coordinates), outer rings first with their holes. */
export function traceCells(
	width: number,
	cells: Int32Array,
	local = localMask(width, cells)
): number[][][][] {
	const { m, w, h, minR, minC } = local;
	// directed boundary edges, cell on the right in screen coords (y down): vertex id = vy*(w+1)+vx
	const VW = w + 1;
	const outs = new Map<number, number[]>();
	const add = (a: number, b: number) => {
		const l = outs.get(a);
		if (l) l.push(b);
		else outs.set(a, [b]);
	};
	for (let r = 1; r < h - 1; r++)
		for (let c = 1; c < w - 1; c++) {
			if (!m[r * w + c]) continue;
			if (!m[(r - 1) * w + c]) add(r * VW + c, r * VW + c + 1); // top, eastward
			if (!m[r * w + c + 1]) add(r * VW + c + 1, (r + 1) * VW + c + 1); // right, southward
			if (!m[(r + 1) * w + c]) add((r + 1) * VW + c + 1, (r + 1) * VW + c); // bottom, westward
			if (!m[r * w + c - 1]) add((r + 1) * VW + c, r * VW + c); // left, northward
		}
	const rings: number[][][] = [];
	for (const [start, list] of outs) {
		while (list.length > 0) {
			const ring: number[][] = [];
			let a = start;
			let b = list.pop() as number;
			ring.push([a % VW, Math.floor(a / VW)]);
			for (let guard = 0; guard < 4 * w * h + 8; guard++) {
				ring.push([b % VW, Math.floor(b / VW)]);
				if (b === start) break;
				const cand = outs.get(b) as number[];
				let pick = 0;
				if (cand.length > 1) {
					// right turn (screen) hugs the current cell: (dx,dy) → (−dy, dx)
					const dx = (b % VW) - (a % VW);
					const dy = Math.floor(b / VW) - Math.floor(a / VW);
					pick = cand.findIndex(
						(v) => (v % VW) - (b % VW) === -dy && Math.floor(v / VW) - Math.floor(b / VW) === dx
					);
					if (pick < 0) pick = 0;
				}
				const next = cand.splice(pick, 1)[0] as number;
				a = b;
				b = next;
			}
			rings.push(simplifyRing(ring).map(([x, y]) => [(x as number) + minC - 1, (y as number) + minR - 1]));
		}
	}
	// classify: positive shoelace in screen coords = outer ring (counter-clockwise on the map)
	const outers: { ring: number[][]; holes: number[][][] }[] = [];
	const holes: number[][][] = [];
	for (const ring of rings) {
		if (signedArea(ring) > 0) outers.push({ ring, holes: [] });
		else holes.push(ring);
	}
	for (const hole of holes) {
		const p = hole[0] as number[];
		const host = outers.find((o) => pointInRing(p[0] as number, (p[1] as number) + 0.5, o.ring)) ?? outers[0];
		host?.holes.push(hole);
	}
	return outers.map((o) => [o.ring, ...o.holes]);
}

function simplifyRing(ring: number[][]): number[][] {
	// drop collinear vertices (ring closed: first == last)
	const out: number[][] = [];
	const n = ring.length - 1;
	for (let i = 0; i < n; i++) {
		const p = ring[(i - 1 + n) % n] as number[];
		const q = ring[i] as number[];
		const r = ring[i + 1] as number[];
		const cross =
			((q[0] as number) - (p[0] as number)) * ((r[1] as number) - (q[1] as number)) -
			((q[1] as number) - (p[1] as number)) * ((r[0] as number) - (q[0] as number));
		if (cross !== 0) out.push(q);
	}
	out.push(out[0] as number[]);
	return out;
}

function signedArea(ring: number[][]): number {
	let s = 0;
	for (let i = 0; i < ring.length - 1; i++) {
		const a = ring[i] as number[];
		const b = ring[i + 1] as number[];
		s += (a[0] as number) * (b[1] as number) - (b[0] as number) * (a[1] as number);
	}
	return s / 2;
}

function pointInRing(x: number, y: number, ring: number[][]): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const a = ring[i] as number[];
		const b = ring[j] as number[];
		const ay = a[1] as number;
		const by = b[1] as number;
		if (ay > y !== by > y) {
			const xi = (a[0] as number) + ((y - ay) * ((b[0] as number) - (a[0] as number))) / (by - ay);
			if (x < xi) inside = !inside;
		}
	}
	return inside;
}

/**
 * Elevation range and mean Horn slope (degrees) of a basin mask: the kernel is inlined for interior
 * cells with 8 valid neighbours; hornRow's edge rules are used only for the rest (identical values).
 */
function basinStats(dem: Dem, local: ReturnType<typeof localMask>) {
	const { width: W, height: H, data } = dem;
	const { dx, dy } = rowCellSizesM(dem);
	let minZ = Infinity;
	let maxZ = -Infinity;
	let slopeSum = 0;
	let slopeN = 0;
	const { m, w: lw } = local;
	for (let lr = 1; lr < local.h - 1; lr++) {
		const r = lr - 1 + local.minR;
		const inv8dx = 1 / (8 * (dx[r] as number));
		const inv8dy = 1 / (8 * (dy[r] as number));
		const interiorRow = r > 0 && r < H - 1;
		const mrow = lr * lw;
		for (let lc = 1; lc < lw - 1; lc++) {
			if (!m[mrow + lc]) continue;
			const c = lc - 1 + local.minC;
			const i = r * W + c;
			const z = data[i] as number;
			if (z < minZ) minZ = z;
			if (z > maxZ) maxZ = z;
			let x = NaN;
			let y = NaN;
			if (interiorRow && c > 0 && c < W - 1) {
				const a = data[i - W - 1] as number;
				const b = data[i - W] as number;
				const cc = data[i - W + 1] as number;
				const d = data[i - 1] as number;
				const f = data[i + 1] as number;
				const g = data[i + W - 1] as number;
				const h = data[i + W] as number;
				const k = data[i + W + 1] as number;
				if (a + b + cc + d + f + g + h + k === a + b + cc + d + f + g + h + k) {
					x = Math.fround((cc + 2 * f + k - (a + 2 * d + g)) * inv8dx);
					y = Math.fround((a + 2 * b + cc - (g + 2 * h + k)) * inv8dy);
				}
			}
			if (x !== x) {
				const g2 = hornCell(data, W, H, r, c, dx[r] as number, dy[r] as number);
				x = g2[0] as number;
				y = g2[1] as number;
				if (x !== x) continue;
			}
			slopeSum += Math.atan(Math.sqrt(x * x + y * y));
			slopeN++;
		}
	}
	return { minZ, maxZ, slopeSum: slopeSum * (180 / Math.PI), slopeN };
}

export function watershed(
	dem: Dem,
	dir: Uint8Array,
	acc: Uint32Array,
	pour: [number, number],
	options: WatershedOptions = {}
): WatershedResult {
	const W = dem.width;
	const tm = options.timingsMs;
	let t0 = tm ? performance.now() : 0;
	const lap = (stage: string) => {
		if (!tm) return;
		const t = performance.now();
		tm[stage] = t - t0;
		t0 = t;
	};
	const snap = snapPourPoint(dem, acc, pour[0], pour[1], options.snapToleranceM);
	const outlet = snap.row * W + snap.col;
	if (dir[outlet] === D8_NODATA)
		throw new RasterError('POINT_OUTSIDE_DEM', 'El punto de salida cae en una zona sin datos.');
	const cells = upstreamCells(dem, dir, outlet, acc[outlet] as number);
	lap('snap+upstream');
	const local = localMask(W, cells);
	const { minZ, maxZ, slopeSum, slopeN } = basinStats(dem, local);
	lap('stats');
	const parts = traceCells(W, cells, local).map((rings) =>
		rings.map((ring) => ring.map(([x, y]) => pixelToLonLat(dem, x as number, y as number) as Position))
	);
	const geometry: Polygon | MultiPolygon =
		parts.length === 1
			? { type: 'Polygon', coordinates: parts[0] as Position[][] }
			: { type: 'MultiPolygon', coordinates: parts };
	lap('polygon');
	const stats: WatershedStats = {
		areaHa: areaHa(geometry),
		perimeterM: perimeterM(geometry),
		cells: cells.length,
		meanSlopeDeg: slopeN > 0 ? slopeSum / slopeN : NaN,
		minElevationM: minZ,
		maxElevationM: maxZ,
		outlet: pixelToLonLat(dem, snap.col + 0.5, snap.row + 0.5),
		outletCell: { col: snap.col, row: snap.row },
		outletAccumulation: acc[outlet] as number,
		snapDistanceM: snap.distanceM
	};
	lap('measures');
	return { polygon: { type: 'Feature', properties: stats, geometry }, stats, cells };
}
