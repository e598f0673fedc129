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
import { hornRow } from './hornGradient';
import { RasterError, type Dem } from './types';

export interface WatershedOptions {
	/** Search radius for snapping the pour point onto the max-accumulation cell. Default 3 cells. */
	snapToleranceM?: number;
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

/** All cells draining through `outlet` (index), outlet first. */
export function upstreamCells(
	grid: { width: number; height: number },
	dir: Uint8Array,
	outlet: number
): Int32Array {
	const { width: W, height: H } = grid;
	let q = new Int32Array(1024);
	q[0] = outlet;
	let head = 0;
	let tail = 1;
	// neighbour k of c drains into c if its code points back: direction (−dr, −dc) = index (k+4)%8
	const back = D8_CODES.map((_, k) => D8_CODES[(k + 4) % 8]);
	while (head < tail) {
		const c = q[head++] as number;
		const r = (c / W) | 0;
		const col = c - r * W;
		for (let k = 0; k < 8; k++) {
			const rr = r + (D8_DR[k] as number);
			const cc = col + (D8_DC[k] as number);
			if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
			const n = rr * W + cc;
			if (dir[n] === back[k]) {
				if (tail === q.length) {
					const b = new Int32Array(q.length * 2);
					b.set(q);
					q = b;
				}
				q[tail++] = n;
			}
		}
	}
	return q.slice(0, tail);
}

/** Bounding-box-local mask of a cell set, with a one-cell empty border. */
export function localMask(width: number, cells: Int32Array) {
	let minR = Infinity,
		maxR = -1,
		minC = Infinity,
		maxC = -1;
	for (let k = 0; k < cells.length; k++) {
		const i = cells[k] as number;
		const r = (i / width) | 0;
		const c = i - r * width;
		if (r < minR) minR = r;
		if (r > maxR) maxR = r;
		if (c < minC) minC = c;
		if (c > maxC) maxC = c;
	}
	const w = maxC - minC + 3;
	const h = maxR - minR + 3;
	const m = new Uint8Array(w * h);
	for (let k = 0; k < cells.length; k++) {
		const i = cells[k] as number;
		const r = (i / width) | 0;
		m[(r - minR + 1) * w + (i - r * width - minC + 1)] = 1;
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

export function watershed(
	dem: Dem,
	dir: Uint8Array,
	acc: Uint32Array,
	pour: [number, number],
	options: WatershedOptions = {}
): WatershedResult {
	const { width: W, height: H, data } = dem;
	const snap = snapPourPoint(dem, acc, pour[0], pour[1], options.snapToleranceM);
	const outlet = snap.row * W + snap.col;
	if (dir[outlet] === D8_NODATA)
		throw new RasterError('POINT_OUTSIDE_DEM', 'El punto de salida cae en una zona sin datos.');
	const cells = upstreamCells(dem, dir, outlet);
	// stats over the basin's bounding box: elevation range and mean Horn slope
	const local = localMask(W, cells);
	const { dx, dy } = rowCellSizesM(dem);
	const gx = new Float32Array(W);
	const gy = new Float32Array(W);
	let minZ = Infinity;
	let maxZ = -Infinity;
	let slopeSum = 0;
	let slopeN = 0;
	for (let lr = 1; lr < local.h - 1; lr++) {
		const r = lr - 1 + local.minR;
		hornRow(data, W, H, r, dx[r] as number, dy[r] as number, gx, gy);
		for (let lc = 1; lc < local.w - 1; lc++) {
			if (!local.m[lr * local.w + lc]) continue;
			const c = lc - 1 + local.minC;
			const z = data[r * W + c] as number;
			if (z < minZ) minZ = z;
			if (z > maxZ) maxZ = z;
			const x = gx[c] as number;
			const y = gy[c] as number;
			if (x !== x) continue;
			slopeSum += Math.atan(Math.sqrt(x * x + y * y));
			slopeN++;
		}
	}
	slopeSum *= 180 / Math.PI;
	const parts = traceCells(W, cells, local).map((rings) =>
		rings.map((ring) => ring.map(([x, y]) => pixelToLonLat(dem, x as number, y as number) as Position))
	);
	const geometry: Polygon | MultiPolygon =
		parts.length === 1
			? { type: 'Polygon', coordinates: parts[0] as Position[][] }
			: { type: 'MultiPolygon', coordinates: parts };
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
	return { polygon: { type: 'Feature', properties: stats, geometry }, stats, cells };
}
