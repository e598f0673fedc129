/**
 * Ellipsoidal (WGS84) area in hectares of a Polygon or MultiPolygon in lon/lat, holes subtracted.
 * Rings with long edges (any > 200 m), far from the equator (|lat| > 45°) or wide (> 10° of longitude) use
 * GeographicLib's PolygonArea (Karney 2013), exact to round-off on the ellipsoid. Small rings (every edge
 * ≤ 200 m: drawn works, 100k-polygon summaries) use the shoelace in the Lambert cylindrical equal-area
 * projection of the ellipsoid, whose area IS the ellipsoidal area of the straight-edged polygon: it differs
 * from the geodesic polygon by < 2e-7 relative at the microcuenca's latitude (< 1e-6, ≤ 0.03 m², up to 45°)
 * and is ~20× faster (docs/decisions/113-area-fast-path.md).
 * turf.area is spherical and overstates area by ~0.38% at 13°S, so it must not be used for reported hectares.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import * as geographiclib from 'geographiclib-geodesic';

type GeographicLib = typeof geographiclib;
// The package is CommonJS: under Node ESM only `default` exists; bundlers also expose named exports.
const lib: GeographicLib = (geographiclib as unknown as { default?: GeographicLib }).default ?? geographiclib;
const WGS84 = lib.Geodesic.WGS84;

const A = 6378137;
const E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
const E = Math.sqrt(E2);
const DEG = Math.PI / 180;
/** Edges up to this length (m, approximate) and |lat| ≤ 45° keep the equal-area shoelace within 1e-6 of GeographicLib. */
export const AREA_FAST_MAX_EDGE_M = 200;
const FAST_MAX_LAT = 45;

/** Authalic y (m) of latitude `phi` (radians): Snyder 1987 eq. 3-12 × a/2. */
function authalicY(phi: number): number {
	const s = Math.sin(phi);
	const es = E * s;
	return (A / 2) * (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}

/**
 * Absolute area (m²) of a ring whose edges are all short, in the cylindrical equal-area projection, or NaN
 * when the ring does not qualify (long edge, polar, wide, non-finite).
 */
function smallRingAreaM2(ring: readonly Position[], count: number): number {
	const p0 = ring[0] as Position;
	const lon0 = p0[0] as number;
	const lat0 = p0[1] as number;
	if (!(Math.abs(lat0) <= FAST_MAX_LAT)) return NaN;
	const y0 = authalicY(lat0 * DEG);
	const maxDeg2 = (AREA_FAST_MAX_EDGE_M / 110_574) ** 2;
	let sum = 0;
	let px = 0;
	let py = 0;
	let plon = lon0;
	let plat = lat0;
	for (let i = 1; i <= count; i++) {
		const p = ring[i === count ? 0 : i] as Position;
		const lon = p[0] as number;
		const lat = p[1] as number;
		if (!(Math.abs(lat) <= FAST_MAX_LAT) || !(Math.abs(lon - lon0) <= 10)) return NaN;
		const dlon = (lon - plon) * Math.cos(plat * DEG);
		const dlat = lat - plat;
		if (dlon * dlon + dlat * dlat > maxDeg2) return NaN;
		const x = A * (lon - lon0) * DEG;
		const y = authalicY(lat * DEG) - y0;
		sum += px * y - x * py;
		px = x;
		py = y;
		plon = lon;
		plat = lat;
	}
	return Math.abs(sum / 2);
}

/** Absolute ellipsoidal area (m²) of one linear ring; the closing vertex may be present or not. */
function ringAreaM2(ring: readonly Position[]): number {
	const n = ring.length;
	if (n < 3) return 0;
	const first = ring[0] as Position;
	const last = ring[n - 1] as Position;
	const count = first[0] === last[0] && first[1] === last[1] ? n - 1 : n;
	const fast = smallRingAreaM2(ring, count);
	if (!Number.isNaN(fast)) return fast;
	const poly = WGS84.Polygon(false);
	for (let i = 0; i < count; i++) {
		const p = ring[i] as Position;
		poly.AddPoint(p[1] as number, p[0] as number);
	}
	return Math.abs(poly.Compute(false, true).area ?? 0);
}

function polygonAreaM2(rings: readonly (readonly Position[])[]): number {
	let area = 0;
	rings.forEach((ring, i) => {
		area += i === 0 ? ringAreaM2(ring) : -ringAreaM2(ring);
	});
	return area;
}

/** Area in hectares (1 ha = 10,000 m²) on the WGS84 ellipsoid. */
export function areaHa(geometry: Polygon | MultiPolygon): number {
	const m2 =
		geometry.type === 'Polygon'
			? polygonAreaM2(geometry.coordinates)
			: geometry.coordinates.reduce((sum, rings) => sum + polygonAreaM2(rings), 0);
	return m2 / 10_000;
}
