/**
 * Source CRS for the geodata loader, on top of the project's CRS module (src/lib/geo/crs.ts and
 * prj.ts): a `.prj` WKT, a GeoJSON legacy `crs` name or a manifest `crs` value → a proj4 definition,
 * and reprojection of geometries to WGS84.
 *
 * PSAD56 always gets the project's datum shift (EPSG:1208, docs/decisions/030): an ESRI-style PSAD56
 * `.prj` has no TOWGS84 and a naive WKT → proj4 conversion lands ~440 m off (parser-hazards.md).
 * A `.prj` whose datum has no known shift to WGS84 is refused rather than guessed.
 */
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';
import { crsDef, parseEpsg } from '../../geo/crs';
import { PrjError, parsePrj } from '../../geo/prj';

export const WGS84 = 'EPSG:4326';

export interface SourceCrs {
	/** 'EPSG:24878', or 'PRJ:<name>' for a .prj outside the project's CRS list, or a proj4 string. */
	id: string;
	/** proj4 definition (string or wkt-parser object). */
	def: string | Record<string, unknown>;
}

/** 'EPSG:32718', '32718', 'urn:ogc:def:crs:EPSG::32718', 'CRS84', … → the CRS, or null if unsupported. */
export function crsFromName(name: string): SourceCrs | null {
	const n = name.trim();
	if (/(^|:)CRS84$/i.test(n)) return { id: WGS84, def: (crsDef(4326) as { proj4: string }).proj4 };
	const urn = /^urn:ogc:def:crs:EPSG:[\d.]*:(\d{4,5})$/i.exec(n);
	const epsg = urn ? Number(urn[1]) : parseEpsg(n);
	const def = epsg === null ? null : crsDef(epsg);
	return def ? { id: def.id, def: def.proj4 } : null;
}

/** A manifest `crs` value: a supported EPSG name or a proj4 string ("+proj=…"). */
export function crsFromDeclared(value: string): SourceCrs | null {
	const v = value.trim();
	if (v.startsWith('+proj=')) return { id: v, def: v };
	return crsFromName(v);
}

/** A .prj WKT → CRS; throws Error with a Spanish message when it cannot be used safely. */
export function crsFromPrj(wkt: string): SourceCrs {
	try {
		const prj = parsePrj(wkt);
		if (prj.datumWithoutShift) {
			throw new Error(
				`el datum «${prj.datumWithoutShift}» del .prj no tiene transformación conocida a WGS84`
			);
		}
		return { id: prj.id, def: prj.proj4 };
	} catch (e) {
		if (e instanceof PrjError) throw new Error(`.prj ilegible (${e.message})`, { cause: e });
		throw e;
	}
}

const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

/** Reproject a geometry from `def` to WGS84 lon/lat (new object; 7 decimals). Throws on malformed input. */
export function reprojectGeometry(geometry: Geometry, def: SourceCrs['def']): Geometry {
	const conv = proj4(def as string, (crsDef(4326) as { proj4: string }).proj4);
	const pt = (p: Position): Position => {
		const [x, y] = conv.forward([p[0] as number, p[1] as number]);
		return [round7(x as number), round7(y as number)];
	};
	switch (geometry.type) {
		case 'Point':
			return { type: 'Point', coordinates: pt(geometry.coordinates) };
		case 'MultiPoint':
			return { type: 'MultiPoint', coordinates: geometry.coordinates.map(pt) };
		case 'LineString':
			return { type: 'LineString', coordinates: geometry.coordinates.map(pt) };
		case 'MultiLineString':
			return { type: 'MultiLineString', coordinates: geometry.coordinates.map((l) => l.map(pt)) };
		case 'Polygon':
			return { type: 'Polygon', coordinates: geometry.coordinates.map((r) => r.map(pt)) };
		case 'MultiPolygon':
			return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map((r) => r.map(pt))) };
		default:
			// GeometryCollection (unsupported for layers, rejected by validation): never recurse into input.
			return geometry;
	}
}
