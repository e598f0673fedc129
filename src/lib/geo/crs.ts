/**
 * The coordinate reference systems that matter for Piuray-Ccorimarca, as proj4 definitions,
 * and cached conversions to/from WGS84 longitude/latitude.
 *
 * PSAD56 carries the datum shift PROJ itself picks for points in Peru (EPSG:1208,
 * "PSAD56 to WGS 84 (8)", Peru onshore, ±16 m): TOWGS84 = -279,175,-379.
 * See docs/decisions/030-crs-and-psad56.md for why not the continental -288,175,-376.
 *
 * Axis order everywhere in this module: [lon, lat] for geographic, [easting, northing] for projected.
 */
import proj4 from 'proj4';

export type Datum = 'WGS84' | 'PSAD56';

export interface CrsDef {
	/** EPSG code, e.g. 32718 */
	epsg: number;
	/** 'EPSG:32718' */
	id: string;
	/** Spanish label for the UI */
	label: string;
	/** English label */
	labelEn: string;
	/** proj4 definition string */
	proj4: string;
	kind: 'geographic' | 'projected';
	datum: Datum;
	/** UTM zone for projected CRS, null for geographic */
	zone: number | null;
	hemisphere: 'N' | 'S' | null;
}

/** Error with a stable code, thrown for unsupported EPSG codes. */
export class CrsError extends Error {
	readonly code: 'CRS_UNSUPPORTED';
	constructor(message: string) {
		super(message);
		this.name = 'CrsError';
		this.code = 'CRS_UNSUPPORTED';
	}
}

/** PSAD56 → WGS84 3-parameter shift used by PROJ for Peru (EPSG:1208). */
export const PSAD56_TOWGS84 = '-279,175,-379,0,0,0,0';
/** The transformation we follow, as recorded in the decision doc. */
export const PSAD56_TRANSFORMATION = 'EPSG:1208 (PSAD56 to WGS 84 (8), Perú)';

export const EPSG_WGS84 = 4326;
export const EPSG_PSAD56 = 4248;

const WGS84_LONLAT = '+proj=longlat +datum=WGS84 +no_defs';
const PSAD56_LONLAT = `+proj=longlat +ellps=intl +towgs84=${PSAD56_TOWGS84} +no_defs`;

/** PSAD56 / UTM south zones we define (Peru lies in zones 17–19 S). */
const PSAD56_SOUTH_ZONES = [17, 18, 19] as const;

function wgs84Utm(zone: number, hemisphere: 'N' | 'S'): CrsDef {
	const epsg = (hemisphere === 'S' ? 32700 : 32600) + zone;
	return {
		epsg,
		id: `EPSG:${epsg}`,
		label: `WGS 84 / UTM zona ${zone}${hemisphere}`,
		labelEn: `WGS 84 / UTM zone ${zone}${hemisphere}`,
		proj4: `+proj=utm +zone=${zone}${hemisphere === 'S' ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`,
		kind: 'projected',
		datum: 'WGS84',
		zone,
		hemisphere
	};
}

function psad56Utm(zone: number): CrsDef {
	const epsg = 24860 + zone;
	return {
		epsg,
		id: `EPSG:${epsg}`,
		label: `PSAD56 / UTM zona ${zone}S`,
		labelEn: `PSAD56 / UTM zone ${zone}S`,
		proj4: `+proj=utm +zone=${zone} +south +ellps=intl +towgs84=${PSAD56_TOWGS84} +units=m +no_defs`,
		kind: 'projected',
		datum: 'PSAD56',
		zone,
		hemisphere: 'S'
	};
}

const GEOGRAPHIC: readonly CrsDef[] = [
	{
		epsg: EPSG_WGS84,
		id: 'EPSG:4326',
		label: 'WGS 84 (geográficas)',
		labelEn: 'WGS 84 (geographic)',
		proj4: WGS84_LONLAT,
		kind: 'geographic',
		datum: 'WGS84',
		zone: null,
		hemisphere: null
	},
	{
		epsg: EPSG_PSAD56,
		id: 'EPSG:4248',
		label: 'PSAD56 (geográficas)',
		labelEn: 'PSAD56 (geographic)',
		proj4: PSAD56_LONLAT,
		kind: 'geographic',
		datum: 'PSAD56',
		zone: null,
		hemisphere: null
	}
];

/** The CRS offered in the UI, in display order. */
export const CRS_LIST: readonly CrsDef[] = Object.freeze([
	GEOGRAPHIC[0]!,
	wgs84Utm(18, 'S'),
	wgs84Utm(19, 'S'),
	psad56Utm(18),
	psad56Utm(19),
	GEOGRAPHIC[1]!
]);

/**
 * Definition for an EPSG code: the six of CRS_LIST plus any WGS 84 / UTM zone (326zz, 327zz)
 * and PSAD56 / UTM 17S (24877). Returns null for anything else.
 */
export function crsDef(epsg: number): CrsDef | null {
	if (!Number.isInteger(epsg)) return null;
	const listed = CRS_LIST.find((c) => c.epsg === epsg);
	if (listed) return listed;
	if (epsg >= 32601 && epsg <= 32660) return wgs84Utm(epsg - 32600, 'N');
	if (epsg >= 32701 && epsg <= 32760) return wgs84Utm(epsg - 32700, 'S');
	const psadZone = epsg - 24860;
	if ((PSAD56_SOUTH_ZONES as readonly number[]).includes(psadZone)) return psad56Utm(psadZone);
	return null;
}

export function isSupportedEpsg(epsg: number): boolean {
	return crsDef(epsg) !== null;
}

/** Parse 'EPSG:32718', 'epsg:32718' or '32718' to a number, or null. */
export function parseEpsg(text: string): number | null {
	const m = /^\s*(?:epsg:)?(\d{4,5})\s*$/i.exec(text);
	return m ? Number(m[1]) : null;
}

type Converter = proj4.Converter;
const cache = new Map<number, Converter>();

function converterTo(epsg: number): Converter {
	let conv = cache.get(epsg);
	if (!conv) {
		const def = crsDef(epsg);
		if (!def) throw new CrsError(`CRS no soportado: EPSG:${epsg}`);
		conv = proj4(WGS84_LONLAT, def.proj4);
		cache.set(epsg, conv);
	}
	return conv;
}

function finitePair(p: readonly [number, number]): boolean {
	return Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

/**
 * WGS84 [lon, lat] → coordinates in `epsg` ([x, y] metres, or [lon, lat] degrees for 4326/4248).
 * Non-finite input gives [NaN, NaN]. Throws CrsError (code CRS_UNSUPPORTED) for an unknown EPSG.
 */
export function project(lonlat: readonly [number, number], epsg: number): [number, number] {
	const conv = converterTo(epsg);
	if (!finitePair(lonlat)) return [NaN, NaN];
	if (epsg === EPSG_WGS84) return [lonlat[0], lonlat[1]];
	const out = conv.forward([lonlat[0], lonlat[1]]);
	return [out[0] ?? NaN, out[1] ?? NaN];
}

/**
 * Coordinates in `epsg` → WGS84 [lon, lat]. Non-finite input gives [NaN, NaN].
 * Throws CrsError (code CRS_UNSUPPORTED) for an unknown EPSG.
 */
export function unproject(xy: readonly [number, number], epsg: number): [number, number] {
	const conv = converterTo(epsg);
	if (!finitePair(xy)) return [NaN, NaN];
	if (epsg === EPSG_WGS84) return [xy[0], xy[1]];
	const out = conv.inverse([xy[0], xy[1]]);
	return [out[0] ?? NaN, out[1] ?? NaN];
}

const pairCache = new Map<string, Converter>();

function stripTowgs84(def: string): string {
	return def.replace(/\s*\+towgs84=\S+/, '');
}

/**
 * Coordinates from one supported CRS to another. Between two CRS of the same datum (e.g. 24878 → 4248 or
 * 24878 → 24879) it is a pure conversion, as in PROJ: proj4js would otherwise route any +towgs84 CRS
 * through WGS84 and back (its checkNotWGS), which with the height reset to 0 moves points by ~3 mm.
 * Non-finite input gives [NaN, NaN]. Throws CrsError for an unknown EPSG.
 */
export function transform(xy: readonly [number, number], fromEpsg: number, toEpsg: number): [number, number] {
	const from = crsDef(fromEpsg);
	const to = crsDef(toEpsg);
	if (!from) throw new CrsError(`CRS no soportado: EPSG:${fromEpsg}`);
	if (!to) throw new CrsError(`CRS no soportado: EPSG:${toEpsg}`);
	if (!finitePair(xy)) return [NaN, NaN];
	if (fromEpsg === toEpsg) return [xy[0], xy[1]];
	const key = `${fromEpsg}>${toEpsg}`;
	let conv = pairCache.get(key);
	if (!conv) {
		const sameDatum = from.datum === to.datum;
		conv = sameDatum ? proj4(stripTowgs84(from.proj4), stripTowgs84(to.proj4)) : proj4(from.proj4, to.proj4);
		pairCache.set(key, conv);
	}
	const out = conv.forward([xy[0], xy[1]]);
	return [out[0] ?? NaN, out[1] ?? NaN];
}
