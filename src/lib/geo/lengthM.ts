/**
 * Geodesic length in metres, on the WGS84 ellipsoid, of a LineString or MultiLineString in lon/lat
 * (GeographicLib inverse problem summed over segments).
 */
import type { LineString, MultiLineString, Position } from 'geojson';
import * as geographiclib from 'geographiclib-geodesic';

type GeographicLib = typeof geographiclib;
// The package is CommonJS: under Node ESM only `default` exists; bundlers also expose named exports.
const lib: GeographicLib = (geographiclib as unknown as { default?: GeographicLib }).default ?? geographiclib;
const WGS84 = lib.Geodesic.WGS84;

/** Length of an open polyline of positions, in metres. */
export function polylineLengthM(line: readonly Position[]): number {
	if (line.length < 2) return 0;
	const poly = WGS84.Polygon(true);
	for (const p of line) poly.AddPoint(p[1] as number, p[0] as number);
	return poly.Compute(false, true).perimeter;
}

export function lengthM(geometry: LineString | MultiLineString): number {
	return geometry.type === 'LineString'
		? polylineLengthM(geometry.coordinates)
		: geometry.coordinates.reduce((sum, line) => sum + polylineLengthM(line), 0);
}
