/**
 * Source CRS recognition for the geodata loader: the few CRS that matter around Chinchero, from a
 * `.prj` WKT, a GeoJSON legacy `crs` name or a manifest `crs` value, and reprojection to WGS84.
 *
 * PSAD56 is matched by name and always gets the explicit +towgs84 shift: an ESRI-style PSAD56 `.prj`
 * has no TOWGS84 and a naive WKT → proj4 conversion lands ~440 m off (parser-hazards.md).
 * Unrecognised `.prj` files are refused (GEODATA_CRS_UNKNOWN) rather than guessed.
 */
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';

export const WGS84 = 'EPSG:4326';

export const KNOWN_CRS: Readonly<Record<string, string>> = {
	'EPSG:4326': '+proj=longlat +datum=WGS84 +no_defs',
	'EPSG:32718': '+proj=utm +zone=18 +south +datum=WGS84 +units=m +no_defs',
	'EPSG:32719': '+proj=utm +zone=19 +south +datum=WGS84 +units=m +no_defs',
	'EPSG:24878': '+proj=utm +zone=18 +south +ellps=intl +towgs84=-288,175,-376,0,0,0,0 +units=m +no_defs',
	'EPSG:24879': '+proj=utm +zone=19 +south +ellps=intl +towgs84=-288,175,-376,0,0,0,0 +units=m +no_defs'
};

/** 'EPSG:32718', 'epsg:32718', 'urn:ogc:def:crs:EPSG::32718', 'CRS84', … → 'EPSG:32718' / 'EPSG:4326'. */
export function crsFromName(name: string): string | null {
	const n = name.trim().toUpperCase();
	if (n === 'CRS84' || n.endsWith('OGC:1.3:CRS84') || n.endsWith('OGC::CRS84')) return WGS84;
	const m = /EPSG:{1,2}(\d{4,5})$/.exec(n) ?? /^(\d{4,5})$/.exec(n);
	if (!m) return null;
	const code = `EPSG:${m[1]}`;
	return code in KNOWN_CRS ? code : null;
}

/** Recognise one of KNOWN_CRS in a .prj WKT (OGC or ESRI flavour). */
export function crsFromPrj(wkt: string): string | null {
	const w = wkt.toUpperCase().replace(/\s+/g, ' ');
	const authority =
		/AUTHORITY\["EPSG",\s*"?(\d{4,5})"?\]\s*\]\s*$/.exec(w) ?? /ID\["EPSG",\s*(\d{4,5})\]\s*\]\s*$/.exec(w);
	if (authority && `EPSG:${authority[1]}` in KNOWN_CRS) return `EPSG:${authority[1]}`;
	const psad = /PSAD|PROVISIONAL_S(OUTH)?_AM(ERICAN)?_(DATUM_)?1956|PROVISIONAL SOUTH AMERICAN/.test(w);
	const wgs84 = /WGS_?(19)?84|WGS 84|WORLD GEODETIC SYSTEM 1984/.test(w);
	if (!w.startsWith('PROJCS') && !w.startsWith('PROJCRS')) {
		return w.startsWith('GEOGCS') || w.startsWith('GEOGCRS') ? (wgs84 && !psad ? WGS84 : null) : null;
	}
	let zone: 18 | 19 | null = null;
	const z = /ZONE[_ ]?(18|19)[_ ]?S\b|ZONE[_ ]?(18|19)[_ ]?SOUTH|ZONE[_ ]?(18|19)S/.exec(w);
	if (z) zone = Number(z[1] ?? z[2] ?? z[3]) as 18 | 19;
	if (zone === null) {
		const cm = /"CENTRAL_MERIDIAN",\s*(-?[\d.]+)/.exec(w);
		const fn = /"FALSE_NORTHING",\s*([\d.]+)/.exec(w);
		if (cm && fn && Number(fn[1]) === 10_000_000) {
			if (Number(cm[1]) === -75) zone = 18;
			if (Number(cm[1]) === -69) zone = 19;
		}
	}
	if (zone === null) return null;
	if (psad) return zone === 18 ? 'EPSG:24878' : 'EPSG:24879';
	if (wgs84) return zone === 18 ? 'EPSG:32718' : 'EPSG:32719';
	return null;
}

/** A manifest `crs` value: a known EPSG name or a proj4 string ("+proj=…"). */
export function proj4DefFor(crs: string): string | null {
	if (crs.trim().startsWith('+proj=')) return crs.trim();
	const code = crsFromName(crs);
	return code ? (KNOWN_CRS[code] ?? null) : null;
}

const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

/** Reproject a geometry from `def` (proj4 string) to WGS84 lon/lat (new object; 7 decimals). Throws on malformed input. */
export function reprojectGeometry(geometry: Geometry, def: string): Geometry {
	const conv = proj4(def, KNOWN_CRS[WGS84] as string);
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
