/**
 * Area of the intersection of two polygons on the integer plane WITHOUT building the output polygon
 * (Green's theorem): area(A ∩ B) = ½ ∮ x dy − y dx over (∂A inside B) + (∂B inside A), with outer rings
 * counter-clockwise and holes clockwise. Each edge is split where it properly crosses the other
 * polygon's edges; inside/outside toggles at every crossing from one point-in-polygon per ring.
 *
 * Only `bEdges` — the edges of B whose bbox meets A's bbox — are needed: other edges of B lie outside A.
 * Any degenerate contact (a vertex on an edge, collinear overlap) returns undefined, and the caller falls
 * back to a general clipper (clipper2-ts). Exact orientation tests: integer coordinates below 9e7.
 */
export interface IntRing {
	/** Flat [x0, y0, x1, y1, …] without the closing vertex, oriented (outer CCW, holes CW). */
	xy: Float64Array;
}

/** Edges of B as flat [ax, ay, bx, by] quadruples (oriented like their rings), by edge id. */
export interface EdgeTable {
	xy: Float64Array;
}

const sign = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);

/** Even-odd point in rings: 1 inside, 0 outside, -1 on the boundary. */
export function pointInRings(px: number, py: number, rings: readonly IntRing[]): number {
	let inside = false;
	for (const { xy } of rings) {
		const n = xy.length / 2;
		for (let i = 0, j = n - 1; i < n; j = i++) {
			const ax = xy[2 * i] as number;
			const ay = xy[2 * i + 1] as number;
			const bx = xy[2 * j] as number;
			const by = xy[2 * j + 1] as number;
			const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
			if (
				cross === 0 &&
				px >= Math.min(ax, bx) &&
				px <= Math.max(ax, bx) &&
				py >= Math.min(ay, by) &&
				py <= Math.max(ay, by)
			) {
				return -1;
			}
			if (ay > py !== by > py) {
				const xAt = ((bx - ax) * (py - ay)) / (by - ay) + ax;
				if (px < xAt) inside = !inside;
			}
		}
	}
	return inside ? 1 : 0;
}

/**
 * Crossing parameters t ∈ (0, 1) along p→q with the segments of `segs` (flat quadruples at `ids`),
 * pushed into `out`; false on any degenerate contact.
 */
function crossings(
	px: number,
	py: number,
	qx: number,
	qy: number,
	segs: Float64Array,
	ids: ArrayLike<number> | null,
	out: number[]
): boolean {
	const count = ids ? ids.length : segs.length / 4;
	const minX = Math.min(px, qx);
	const maxX = Math.max(px, qx);
	const minY = Math.min(py, qy);
	const maxY = Math.max(py, qy);
	for (let k = 0; k < count; k++) {
		const o = (ids ? (ids[k] as number) : k) * 4;
		const ax = segs[o] as number;
		const ay = segs[o + 1] as number;
		const bx = segs[o + 2] as number;
		const by = segs[o + 3] as number;
		if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX) continue;
		if (Math.max(ay, by) < minY || Math.min(ay, by) > maxY) continue;
		const dx = qx - px;
		const dy = qy - py;
		const ex = bx - ax;
		const ey = by - ay;
		const o1 = sign(dx * (ay - py) - dy * (ax - px));
		const o2 = sign(dx * (by - py) - dy * (bx - px));
		const o3 = sign(ex * (py - ay) - ey * (px - ax));
		const o4 = sign(ex * (qy - ay) - ey * (qx - ax));
		if (o1 === 0 || o2 === 0 || o3 === 0 || o4 === 0) {
			// touching or collinear: degenerate unless clearly apart
			if ((o1 === 0 && o2 === 0) || o1 !== o2 || o3 !== o4) return false;
			continue;
		}
		if (o1 === o2 || o3 === o4) continue;
		const den = dx * ey - dy * ex;
		out.push(((ax - px) * ey - (ay - py) * ex) / den);
	}
	return true;
}

/**
 * Twice the signed area contribution (½ ∮ x dy − y dx, relative to origin ox, oy) of the parts of edge
 * p→q inside the other polygon, given whether p is inside and the crossing parameters.
 */
function edgeContribution(
	px: number,
	py: number,
	qx: number,
	qy: number,
	startInside: boolean,
	ts: number[]
): { twice: number; endInside: boolean } {
	let inside = startInside;
	if (ts.length === 0) {
		return { twice: inside ? px * qy - qx * py : 0, endInside: inside };
	}
	if (ts.length > 1) ts.sort((a, b) => a - b);
	let ux = px;
	let uy = py;
	let twice = 0;
	for (const t of ts) {
		const vx = px + t * (qx - px);
		const vy = py + t * (qy - py);
		if (inside) twice += ux * vy - vx * uy;
		inside = !inside;
		ux = vx;
		uy = vy;
	}
	if (inside) twice += ux * qy - qx * uy;
	return { twice, endInside: inside };
}

/** Edges of rings as flat [ax, ay, bx, by] quadruples. */
export function ringSegments(rings: readonly IntRing[]): Float64Array {
	let n = 0;
	for (const { xy } of rings) n += xy.length / 2;
	const out = new Float64Array(n * 4);
	let e = 0;
	for (const { xy } of rings) {
		const m = xy.length / 2;
		for (let i = 0; i < m; i++) {
			const j = (i + 1) % m;
			out[e++] = xy[2 * i] as number;
			out[e++] = xy[2 * i + 1] as number;
			out[e++] = xy[2 * j] as number;
			out[e++] = xy[2 * j + 1] as number;
		}
	}
	return out;
}

/**
 * |A ∩ B| in integer units², or undefined when a degenerate contact needs the general clipper.
 * `a` are A's oriented rings; `b` B's oriented rings (for point-in-polygon); `bEdgeIds` the edges of B
 * (in `bEdges`) whose bbox meets A's bbox.
 */
export function intersectionIntArea(
	a: readonly IntRing[],
	b: readonly IntRing[],
	bEdges: EdgeTable,
	bEdgeIds: ArrayLike<number>,
	aSegments?: Float64Array
): number | undefined {
	// local origin keeps the cross products small (translation does not change a closed-boundary integral)
	const first = a[0]?.xy;
	if (!first || first.length < 6) return 0;
	const ox = first[0] as number;
	const oy = first[1] as number;
	let twice = 0;
	const ts: number[] = [];
	// ∂A inside B
	for (const { xy } of a) {
		const n = xy.length / 2;
		const pip = pointInRings(xy[0] as number, xy[1] as number, b);
		if (pip < 0) return undefined;
		let inside = pip === 1;
		for (let i = 0; i < n; i++) {
			const j = (i + 1) % n;
			const px = xy[2 * i] as number;
			const py = xy[2 * i + 1] as number;
			const qx = xy[2 * j] as number;
			const qy = xy[2 * j + 1] as number;
			ts.length = 0;
			if (!crossings(px, py, qx, qy, bEdges.xy, bEdgeIds, ts)) return undefined;
			const c = edgeContribution(px - ox, py - oy, qx - ox, qy - oy, inside, ts);
			twice += c.twice;
			inside = c.endInside;
		}
	}
	// ∂B inside A: only B's edges near A can be inside A
	const aSegXY = aSegments ?? ringSegments(a);
	for (let k = 0; k < bEdgeIds.length; k++) {
		const o = (bEdgeIds[k] as number) * 4;
		const px = bEdges.xy[o] as number;
		const py = bEdges.xy[o + 1] as number;
		const qx = bEdges.xy[o + 2] as number;
		const qy = bEdges.xy[o + 3] as number;
		const pip = pointInRings(px, py, a);
		if (pip < 0) return undefined;
		ts.length = 0;
		if (!crossings(px, py, qx, qy, aSegXY, null, ts)) return undefined;
		twice += edgeContribution(px - ox, py - oy, qx - ox, qy - oy, pip === 1, ts).twice;
	}
	return Math.abs(twice) / 2;
}
