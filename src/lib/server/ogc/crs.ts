/**
 * OGC API – Features Part 2 (CRS by reference) for yaku: the CRS URIs we offer and the coordinate
 * transforms, built on `src/lib/geo/crs.ts` (proj4). Storage CRS is CRS84 (lon, lat).
 * EPSG:4326 is served with its authority axis order (lat, lon), as Part 2 requires.
 */
import type { Geometry, Position } from 'geojson';
import { project, unproject } from '../../geo/crs';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG_PREFIX = 'http://www.opengis.net/def/crs/EPSG/0/';

/** The output CRS of every collection (first = default). */
export const SUPPORTED_CRS: readonly string[] = [
	CRS84,
	`${EPSG_PREFIX}4326`,
	`${EPSG_PREFIX}32718`,
	`${EPSG_PREFIX}32719`
];

/** A supported CRS: `epsg` null = CRS84; `latLon` = axis order (lat, lon). */
export interface OgcCrs {
	uri: string;
	epsg: number | null;
	latLon: boolean;
}

/** Parses a CRS URI (also `[EPSG:32718]` safe-CURIE and `EPSG:32718`); null when not offered. */
export function parseCrs(text: string): OgcCrs | null {
	let t = text.trim();
	if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
	if (t === CRS84 || /^OGC:CRS84$/i.test(t) || t === 'http://www.opengis.net/def/crs/OGC/0/CRS84')
		return { uri: CRS84, epsg: null, latLon: false };
	const m = /^(?:https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/|EPSG:)(\d+)$/i.exec(t);
	if (!m) return null;
	const epsg = Number(m[1]);
	const uri = `${EPSG_PREFIX}${epsg}`;
	if (!SUPPORTED_CRS.includes(uri)) return null;
	if (epsg === 4326) return { uri, epsg: null, latLon: true };
	return { uri, epsg, latLon: false };
}

export const DEFAULT_CRS: OgcCrs = { uri: CRS84, epsg: null, latLon: false };

/** Lon/lat → the target CRS (projected metres, or swapped for EPSG:4326). */
export function toCrs(p: Position, crs: OgcCrs): Position {
	const lon = p[0]!;
	const lat = p[1]!;
	if (crs.epsg !== null) {
		const [x, y] = project([lon, lat], crs.epsg);
		return [round(x, 3), round(y, 3)];
	}
	return crs.latLon ? [lat, lon] : [lon, lat];
}

/** The target CRS → lon/lat. */
export function fromCrs(p: readonly [number, number], crs: OgcCrs): [number, number] {
	if (crs.epsg !== null) return unproject(p, crs.epsg);
	return crs.latLon ? [p[1], p[0]] : [p[0], p[1]];
}

function round(v: number, d: number): number {
	const f = 10 ** d;
	return Math.round(v * f) / f;
}

function mapRings(rings: Position[][], crs: OgcCrs): Position[][] {
	return rings.map((r) => r.map((p) => toCrs(p, crs)));
}

/** Reprojects a GeoJSON geometry (identity for CRS84). */
export function geometryToCrs(g: Geometry | null, crs: OgcCrs): Geometry | null {
	if (!g || (crs.epsg === null && !crs.latLon)) return g;
	switch (g.type) {
		case 'Point':
			return { type: 'Point', coordinates: toCrs(g.coordinates, crs) };
		case 'MultiPoint':
			return { type: 'MultiPoint', coordinates: g.coordinates.map((p) => toCrs(p, crs)) };
		case 'LineString':
			return { type: 'LineString', coordinates: g.coordinates.map((p) => toCrs(p, crs)) };
		case 'MultiLineString':
			return { type: 'MultiLineString', coordinates: mapRings(g.coordinates, crs) };
		case 'Polygon':
			return { type: 'Polygon', coordinates: mapRings(g.coordinates, crs) };
		case 'MultiPolygon':
			return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => mapRings(poly, crs)) };
		case 'GeometryCollection':
			return {
				type: 'GeometryCollection',
				geometries: g.geometries.map((x) => geometryToCrs(x, crs)).filter((x): x is Geometry => x !== null)
			};
	}
}

/**
 * A bbox given in `crs` (axis order of that CRS) → lon/lat envelope. Projected boxes are densified
 * along their edges (16 steps) so the envelope contains the whole curved footprint.
 */
export function bboxToLonLat(
	b: readonly [number, number, number, number],
	crs: OgcCrs
): [number, number, number, number] {
	if (crs.epsg === null) {
		return crs.latLon ? [b[1], b[0], b[3], b[2]] : [b[0], b[1], b[2], b[3]];
	}
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	const n = 16;
	for (let i = 0; i <= n; i++) {
		const t = i / n;
		const x = b[0] + (b[2] - b[0]) * t;
		const y = b[1] + (b[3] - b[1]) * t;
		for (const p of [
			[x, b[1]],
			[x, b[3]],
			[b[0], y],
			[b[2], y]
		] as [number, number][]) {
			const [lon, lat] = fromCrs(p, crs);
			minX = Math.min(minX, lon);
			maxX = Math.max(maxX, lon);
			minY = Math.min(minY, lat);
			maxY = Math.max(maxY, lat);
		}
	}
	return [minX, minY, maxX, maxY];
}
