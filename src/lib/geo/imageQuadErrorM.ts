/**
 * How far (metres) an image placed by its 4 corners lands from where its pixels really are.
 *
 * A georeferenced raster in a projected CRS (e.g. UTM 18S) is a rectangle in that CRS. MapLibre's image
 * source takes the 4 corners in WGS84 and warps the image onto that quad in Web Mercator projectively
 * (maplibre-gl ≥ 6: a homography of the unit square; affine when the quad is a parallelogram). Between
 * the corners this differs from the true UTM → Mercator mapping; this function measures that difference
 * on an n × n grid of the image and returns the largest ground distance. Pure: `toLonLat` is the inverse
 * projection of the source CRS (e.g. `(xy) => unproject(xy, 32718)`).
 */
export type XY = readonly [number, number];

const R = 6371008.8; // mean Earth radius (m), enough for sub-metre distances between nearby points
const RAD = Math.PI / 180;

function merc([lon, lat]: XY): [number, number] {
	return [lon * RAD, Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2))];
}

function unmerc([x, y]: XY): [number, number] {
	return [x / RAD, (2 * Math.atan(Math.exp(y)) - Math.PI / 2) / RAD];
}

/** Equirectangular distance: exact to well under a millimetre for points metres apart. */
function distanceM(a: XY, b: XY): number {
	const k = Math.cos(((a[1] + b[1]) / 2) * RAD);
	const dx = (b[0] - a[0]) * RAD * k;
	const dy = (b[1] - a[1]) * RAD;
	return R * Math.hypot(dx, dy);
}

/** Homography of the unit square onto quad q (ul, ur, lr, ll), Heckbert 1989 §2.2.3. */
export function squareToQuad(q: readonly [XY, XY, XY, XY]): (u: number, v: number) => [number, number] {
	const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q;
	const sx = x0 - x1 + x2 - x3;
	const sy = y0 - y1 + y2 - y3;
	let g = 0;
	let h = 0;
	if (sx !== 0 || sy !== 0) {
		const dx1 = x1 - x2;
		const dx2 = x3 - x2;
		const dy1 = y1 - y2;
		const dy2 = y3 - y2;
		const den = dx1 * dy2 - dx2 * dy1;
		g = (sx * dy2 - dx2 * sy) / den;
		h = (dx1 * sy - sx * dy1) / den;
	}
	const a = x1 - x0 + g * x1;
	const b = x3 - x0 + h * x3;
	const d = y1 - y0 + g * y1;
	const e = y3 - y0 + h * y3;
	return (u, v) => {
		const w = g * u + h * v + 1;
		return [(a * u + b * v + x0) / w, (d * u + e * v + y0) / w];
	};
}

/** The 4 WGS84 corners (ul, ur, lr, ll) of a source-CRS bbox [minX, minY, maxX, maxY]. */
export function bboxCornersLonLat(
	bbox: readonly [number, number, number, number],
	toLonLat: (xy: XY) => XY
): [[number, number], [number, number], [number, number], [number, number]] {
	const [x0, y0, x1, y1] = bbox;
	const c = (x: number, y: number) => {
		const p = toLonLat([x, y]);
		return [p[0], p[1]] as [number, number];
	};
	return [c(x0, y1), c(x1, y1), c(x1, y0), c(x0, y0)];
}

export function imageQuadErrorM(
	bbox: readonly [number, number, number, number],
	toLonLat: (xy: XY) => XY,
	n = 21
): number {
	const [x0, y0, x1, y1] = bbox;
	const corners = bboxCornersLonLat(bbox, toLonLat);
	const H = squareToQuad([merc(corners[0]), merc(corners[1]), merc(corners[2]), merc(corners[3])]);
	let max = 0;
	for (let i = 0; i < n; i++)
		for (let j = 0; j < n; j++) {
			const u = i / (n - 1);
			const v = j / (n - 1);
			const truth = toLonLat([x0 + u * (x1 - x0), y1 - v * (y1 - y0)]);
			const drawn = unmerc(H(u, v));
			const d = distanceM(truth, drawn);
			if (d > max) max = d;
		}
	return max;
}
