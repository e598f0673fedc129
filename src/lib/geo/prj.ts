/**
 * A shapefile `.prj` (OGC or ESRI WKT1, or WKT2) → a CRS usable with proj4, via wkt-parser.
 *
 * - When the WKT describes one of the CRS of crs.ts (WGS84, PSAD56 geographic, WGS 84 / UTM any zone,
 *   PSAD56 / UTM 17–19S) — by its EPSG authority or by its parameters — that CRS's definition is used,
 *   so reprojection is the same code path as everywhere else in yaku.
 * - PSAD56 without TOWGS84 (the ESRI style) always gets EPSG:1208 (-279, 175, -379), never "no shift"
 *   (a naive conversion lands ~440 m off near Chinchero). `psad56ShiftAdded` says so.
 * - Any other CRS is handed to proj4 as the wkt-parser object; a datum without a shift to WGS84 other
 *   than WGS84-compatible ones is flagged in `datumWithoutShift`.
 */
import parseWkt from 'wkt-parser';
import { crsDef, PSAD56_TOWGS84 } from './crs';

export interface PrjCrs {
	/** 'EPSG:24878' when recognised, else 'PRJ:<name>'. */
	id: string;
	epsg: number | null;
	label: string;
	/** proj4 string (recognised CRS) or a proj4 definition object. */
	proj4: string | Record<string, unknown>;
	kind: 'geographic' | 'projected';
	datum: 'WGS84' | 'PSAD56' | 'other';
	psad56ShiftAdded: boolean;
	/** Datum name when it has no TOWGS84 and is not known to be ~WGS84. */
	datumWithoutShift?: string;
}

export class PrjError extends Error {
	constructor(
		readonly code: 'PRJ_INVALID' | 'PRJ_UNSUPPORTED',
		message: string
	) {
		super(message);
		this.name = 'PrjError';
	}
}

const PSAD_RE = /provisional_s(outh)?_am|provisional south american|psad/i;
const WGS84_RE = /wgs_?(19)?84|wgs 84|world geodetic system 1984/i;
/** Datums within ~2 m of WGS84: no shift needed at our scale. */
const NEAR_WGS84_RE =
	/wgs_?(19)?84|wgs 84|nad_?(19)?83|north american datum 1983|grs_?1980|etrs|gda_?94|sirgas|itrf/i;

function str(v: unknown): string {
	return typeof v === 'string' ? v : '';
}
function num(v: unknown): number | null {
	return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function datumName(def: Record<string, unknown>): string {
	const geog = (def.GEOGCS ?? def) as Record<string, unknown>;
	const d = geog.DATUM as Record<string, unknown> | undefined;
	return [str(def.datumCode), str(d?.name), str(geog.name)].join(' ');
}

function authorityEpsg(wkt: string): number | null {
	// The outermost authority is the last one in WKT1 (AUTHORITY["EPSG","32718"]]) and WKT2 (ID["EPSG",32718]]).
	const m =
		/AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d{4,5})"?\s*\]\s*\]\s*$/i.exec(wkt) ??
		/ID\s*\[\s*"EPSG"\s*,\s*(\d{4,5})\s*\]\s*\]\s*$/i.exec(wkt);
	return m ? Number(m[1]) : null;
}

function close(a: number | null, b: number, eps = 1e-6): boolean {
	return a !== null && Math.abs(a - b) <= eps;
}

/** Match TM parameters to a UTM zone: returns [zone, south] or null. */
function utmOf(def: Record<string, unknown>): [number, boolean] | null {
	const proj = str(def.projName).toLowerCase();
	if (!/transverse_mercator|tmerc|utm/.test(proj)) return null;
	if (str(def.projName).toLowerCase() === 'utm' && num(def.zone) !== null) {
		return [num(def.zone) as number, Boolean(def.utmSouth)];
	}
	const k0 = num(def.k0) ?? num(def.scale_factor);
	const x0 = num(def.x0) ?? num(def.false_easting);
	const y0 = num(def.y0) ?? num(def.false_northing);
	const lat0 = num(def.lat0) ?? 0;
	const long0 = num(def.long0);
	const toMeter = num(def.to_meter) ?? 1;
	if (!close(k0, 0.9996) || !close(x0, 500000, 1e-3) || !close(lat0, 0) || !close(toMeter, 1)) return null;
	if (long0 === null) return null;
	const cm = (long0 * 180) / Math.PI;
	const zone = Math.round((cm + 183) / 6);
	if (zone < 1 || zone > 60 || Math.abs(-183 + 6 * zone - cm) > 1e-6) return null;
	if (close(y0, 10_000_000, 1e-3)) return [zone, true];
	if (close(y0, 0, 1e-3)) return [zone, false];
	return null;
}

export function parsePrj(wkt: string): PrjCrs {
	const text = wkt.replace(/^\uFEFF/, '').trim();
	if (!text || text.length > 64 * 1024 || !/^[A-Z_0-9]+\s*\[/i.test(text)) {
		throw new PrjError('PRJ_INVALID', 'no es un texto WKT');
	}
	let def: Record<string, unknown>;
	try {
		def = parseWkt(text);
	} catch (e) {
		throw new PrjError('PRJ_INVALID', e instanceof Error ? e.message.slice(0, 120) : 'WKT ilegible');
	}
	if (!def || typeof def !== 'object' || !def.projName) throw new PrjError('PRJ_INVALID', 'WKT incompleto');
	const dname = datumName(def);
	const hasShift = Array.isArray(def.datum_params) && (def.datum_params as unknown[]).length >= 3;
	const datum: PrjCrs['datum'] = PSAD_RE.test(dname) ? 'PSAD56' : WGS84_RE.test(dname) ? 'WGS84' : 'other';
	const kind: PrjCrs['kind'] = str(def.projName) === 'longlat' ? 'geographic' : 'projected';
	const name = str(def.name) || str(def.srsCode) || 'sin nombre';

	// 1. Recognised CRS from crs.ts (by authority, then by parameters).
	let epsg: number | null = null;
	const auth = authorityEpsg(text);
	if (auth !== null && crsDef(auth)) epsg = auth;
	if (epsg === null && datum !== 'other') {
		if (kind === 'geographic') epsg = datum === 'WGS84' ? 4326 : 4248;
		else {
			const utm = utmOf(def);
			if (utm) {
				const [zone, south] = utm;
				if (datum === 'WGS84') epsg = (south ? 32700 : 32600) + zone;
				else if (south && zone >= 17 && zone <= 19) epsg = 24860 + zone;
			}
		}
	}
	const known = epsg !== null ? crsDef(epsg) : null;
	if (known) {
		return {
			id: known.id,
			epsg: known.epsg,
			label: known.label,
			proj4: known.proj4,
			kind: known.kind,
			datum: known.datum,
			psad56ShiftAdded: known.datum === 'PSAD56' && !hasShift
		};
	}
	// 2. Anything else: the parsed object, with the PSAD56 shift supplied when missing.
	const out: Record<string, unknown> = { ...def };
	let psad56ShiftAdded = false;
	let datumWithoutShift: string | undefined;
	if (datum === 'PSAD56' && !hasShift) {
		out.datum_params = PSAD56_TOWGS84.split(',').map(Number);
		psad56ShiftAdded = true;
	} else if (!hasShift && !NEAR_WGS84_RE.test(dname)) {
		datumWithoutShift = dname.trim() || 'desconocido';
	}
	const result: PrjCrs = {
		id: `PRJ:${name}`,
		epsg: auth,
		label: name.replace(/_/g, ' '),
		proj4: out,
		kind,
		datum,
		psad56ShiftAdded
	};
	if (datumWithoutShift) result.datumWithoutShift = datumWithoutShift;
	return result;
}
