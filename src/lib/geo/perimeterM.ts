/**
 * Geodesic perimeter in metres (WGS84 ellipsoid) of a Polygon or MultiPolygon in lon/lat:
 * the sum of the lengths of its rings (holes included unless `outerOnly`), e.g. for fence length.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polylineLengthM } from './lengthM';

function ringLengthM(ring: readonly Position[]): number {
	if (ring.length < 2) return 0;
	const first = ring[0] as Position;
	const last = ring[ring.length - 1] as Position;
	const closed = first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
	return polylineLengthM(closed);
}

function polygonPerimeterM(rings: readonly (readonly Position[])[], outerOnly: boolean): number {
	const used = outerOnly ? rings.slice(0, 1) : rings;
	return used.reduce((sum, ring) => sum + ringLengthM(ring), 0);
}

export function perimeterM(geometry: Polygon | MultiPolygon, options: { outerOnly?: boolean } = {}): number {
	const outerOnly = options.outerOnly ?? false;
	return geometry.type === 'Polygon'
		? polygonPerimeterM(geometry.coordinates, outerOnly)
		: geometry.coordinates.reduce((sum, rings) => sum + polygonPerimeterM(rings, outerOnly), 0);
}
