/**
 * Buffers for spring protection and similar: a geodesic circle (exact radius on the WGS84 ellipsoid,
 * GeographicLib's direct problem), and a shape buffer of lines/polygons through turf.buffer.
 *
 * turf.circle/turf.buffer work on a sphere (R = 6,371,008.8 m): at 13°S a "25 m" turf circle is ≈ 0.5%
 * off in the north–south direction, so `geodesicCircle` is used for protection radii. Whatever the shape,
 * report its hectares with `areaHa` (ellipsoidal), never `turf.area` (spherical, ≈ 0.38% high here).
 * A circle drawn with n vertices is an inscribed polygon: its area is πr² × (n / 2π) × sin(2π / n)
 * (−0.01% at n = 256), which is the area that overlays and maps use too.
 */
import type { MultiPolygon, Polygon, Position, LineString, MultiLineString } from 'geojson';
import * as geographiclib from 'geographiclib-geodesic';
import * as turf from '@turf/turf';

type GeographicLib = typeof geographiclib;
// The package is CommonJS: under Node ESM only `default` exists; bundlers also expose named exports.
const lib: GeographicLib = (geographiclib as unknown as { default?: GeographicLib }).default ?? geographiclib;
const WGS84 = lib.Geodesic.WGS84;

export const DEFAULT_CIRCLE_STEPS = 256;

/** Geodesic circle (closed ring, counter-clockwise) of `radiusM` metres around `center` [lon, lat]. */
export function geodesicCircle(center: Position, radiusM: number, steps = DEFAULT_CIRCLE_STEPS): Polygon {
	if (!(radiusM > 0) || !Number.isFinite(radiusM)) throw new RangeError('radiusM must be a positive number');
	const n = Math.max(8, Math.floor(steps));
	const lon0 = center[0] as number;
	const lat0 = center[1] as number;
	const ring: Position[] = [];
	for (let i = 0; i < n; i++) {
		// azimuth clockwise from north; go anticlockwise so the ring is CCW (RFC 7946 exterior)
		const azi = 360 - (i * 360) / n;
		const r = WGS84.Direct(lat0, lon0, azi, radiusM);
		ring.push([r.lon2 as number, r.lat2 as number]);
	}
	ring.push([...(ring[0] as Position)]);
	return { type: 'Polygon', coordinates: [ring] };
}

/** Geodesic circles around each point (a MultiPolygon; overlaps between circles are not merged). */
export function geodesicCircles(
	centers: readonly Position[],
	radiusM: number,
	steps = DEFAULT_CIRCLE_STEPS
): MultiPolygon {
	return {
		type: 'MultiPolygon',
		coordinates: centers.map((c) => geodesicCircle(c, radiusM, steps).coordinates)
	};
}

/**
 * Shape buffer of a line or polygon by `radiusM` (turf.buffer, spherical distances: ≈ 0.5% off in the
 * radius at 13°S). Good for drawing; measure the result with `areaHa`.
 */
export function bufferShape(
	geometry: LineString | MultiLineString | Polygon | MultiPolygon,
	radiusM: number,
	steps = 16
): Polygon | MultiPolygon | undefined {
	const out = turf.buffer(turf.feature(geometry), radiusM, { units: 'meters', steps });
	return out?.geometry;
}
