/**
 * Ellipsoidal (WGS84) area in hectares of a Polygon or MultiPolygon in lon/lat, holes subtracted.
 * Uses GeographicLib's PolygonArea (Karney 2013), exact to round-off on the ellipsoid. turf.area is
 * spherical and overstates area by ~0.38% at 13°S, so it must not be used for reported hectares.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import * as geographiclib from 'geographiclib-geodesic';

type GeographicLib = typeof geographiclib;
// The package is CommonJS: under Node ESM only `default` exists; bundlers also expose named exports.
const lib: GeographicLib = (geographiclib as unknown as { default?: GeographicLib }).default ?? geographiclib;
const WGS84 = lib.Geodesic.WGS84;

/** Absolute ellipsoidal area (m²) of one linear ring; the closing vertex may be present or not. */
function ringAreaM2(ring: readonly Position[]): number {
	const n = ring.length;
	if (n < 3) return 0;
	const first = ring[0] as Position;
	const last = ring[n - 1] as Position;
	const count = first[0] === last[0] && first[1] === last[1] ? n - 1 : n;
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
