/**
 * Coordinate text for the status bar and popups. Pure functions, never throw; non-finite → '—'.
 *
 *   formatDecimal(-72.04567, -13.41234)         → "-13.41234°, -72.04567°"            (lat, lon)
 *   formatDms(-72.04567, -13.41234, 'es')       → "13°24′44.4″ S, 72°02′44.4″ O"       ('en': W)
 *   formatUtm(819969.4, 8515354.1, 18, 'S')     → "UTM 18S 819 969 E 8 515 354 N"
 *   formatUtm(…, 'PSAD56')                      → "PSAD56 / UTM 18S 820 199 E 8 515 721 N"
 *
 * UTM metres are rounded to whole metres and grouped by three with U+202F (narrow no-break space,
 * the SI digit-group separator) so a figure never wraps and is not confused with a decimal mark.
 */
import { EPSG_PSAD56, project } from './crs';
import { utmZoneFor, wrapLon } from './utmZone';

export type CoordLocale = 'es' | 'qu' | 'en';
export type CoordMode = 'wgs84' | 'psad56';

export const NO_VALUE = '—';
/** Digit-group separator inside UTM figures (narrow no-break space). */
export const UTM_GROUP_SEP = '\u202f';

function finite(...xs: number[]): boolean {
	return xs.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/** toFixed without "-0.000": a value that rounds to zero is printed unsigned. */
function fixed(x: number, decimals: number): string {
	const s = x.toFixed(decimals);
	return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

function clampInt(x: number, lo: number, hi: number): number {
	return Number.isFinite(x) ? Math.min(Math.max(Math.trunc(x), lo), hi) : lo;
}

/** Decimal degrees, latitude first: "-13.41234°, -72.04567°". `decimals` 0–10, default 5 (~1 m). */
export function formatDecimal(lon: number, lat: number, decimals = 5): string {
	if (!finite(lon, lat)) return NO_VALUE;
	const d = clampInt(decimals, 0, 10);
	return `${fixed(lat, d)}°, ${fixed(lon, d)}°`;
}

/**
 * One angle as degrees, minutes, seconds with a hemisphere letter: "72°02′44.4″ O".
 * Rounding is done on the total in units of the last second digit, so 59.96″ carries into the minutes
 * (and 59′60″ into the degrees). A value that rounds to zero gets N (lat) or E (lon).
 */
export function formatDmsAngle(
	value: number,
	axis: 'lat' | 'lon',
	locale: string = 'es',
	secondDecimals = 1
): string {
	if (!finite(value)) return NO_VALUE;
	const sd = clampInt(secondDecimals, 0, 4);
	const unitsPerSecond = 10 ** sd;
	const total = Math.round(Math.abs(value) * 3600 * unitsPerSecond);
	const perMinute = 60 * unitsPerSecond;
	const perDegree = 60 * perMinute;
	const deg = Math.floor(total / perDegree);
	const min = Math.floor((total % perDegree) / perMinute);
	const secUnits = total % perMinute;
	const secInt = Math.floor(secUnits / unitsPerSecond);
	const secFrac = secUnits % unitsPerSecond;
	const sec = String(secInt).padStart(2, '0') + (sd > 0 ? '.' + String(secFrac).padStart(sd, '0') : '');
	const negative = value < 0 && total > 0;
	const west = locale === 'en' ? 'W' : 'O';
	const letter = axis === 'lat' ? (negative ? 'S' : 'N') : negative ? west : 'E';
	return `${deg}°${String(min).padStart(2, '0')}′${sec}″ ${letter}`;
}

/** "13°24′44.4″ S, 72°02′44.4″ O" (Spanish / Quechua) or "… W" (English). Latitude first. */
export function formatDms(lon: number, lat: number, locale: string = 'es', secondDecimals = 1): string {
	if (!finite(lon, lat)) return NO_VALUE;
	return `${formatDmsAngle(lat, 'lat', locale, secondDecimals)}, ${formatDmsAngle(lon, 'lon', locale, secondDecimals)}`;
}

/** Whole metres grouped by three: 8515354 → "8 515 354" (U+202F between groups). */
export function groupMetres(x: number): string {
	if (!finite(x)) return NO_VALUE;
	const r = Math.round(x);
	const digits = String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, UTM_GROUP_SEP);
	return r < 0 ? `-${digits}` : digits;
}

/** "UTM 18S 819 969 E 8 515 354 N", or with datum 'PSAD56': "PSAD56 / UTM 18S …". */
export function formatUtm(
	x: number,
	y: number,
	zone: number,
	hemisphere: 'N' | 'S',
	datum: 'WGS84' | 'PSAD56' = 'WGS84'
): string {
	if (!finite(x, y, zone)) return NO_VALUE;
	const prefix = datum === 'PSAD56' ? 'PSAD56 / UTM' : 'UTM';
	return `${prefix} ${zone}${hemisphere} ${groupMetres(x)} E ${groupMetres(y)} N`;
}

/** UTM is not defined beyond 84°N / 80°S (polar UPS instead). */
function utmLatitudeOk(lat: number): boolean {
	return lat <= 84 && lat >= -80;
}

/**
 * WGS84 lon/lat → the WGS84 UTM text in the zone of that longitude (18S west of 72°W, 19S from 72°W east).
 */
export function formatUtmWgs84(lon: number, lat: number): string {
	if (!finite(lon, lat) || !utmLatitudeOk(lat)) return NO_VALUE;
	const z = utmZoneFor(wrapLon(lon), lat);
	if (!z) return NO_VALUE;
	const [x, y] = project([wrapLon(lon), lat], z.epsgWgs84);
	return formatUtm(x, y, z.zone, z.hemisphere, 'WGS84');
}

/**
 * WGS84 lon/lat → PSAD56 / UTM text (EPSG:24877/24878/24879). The zone is chosen from the PSAD56
 * longitude, because the zone boundary 72°W is a meridian of the grid's own datum (PSAD56 longitudes are
 * ~0.002° east of WGS84 ones near Chinchero). Outside PSAD56 zones 17–19 S (Peru) → '—'.
 */
export function formatUtmPsad56(lon: number, lat: number): string {
	if (!finite(lon, lat) || !utmLatitudeOk(lat)) return NO_VALUE;
	const [plon, plat] = project([wrapLon(lon), lat], EPSG_PSAD56);
	const z = utmZoneFor(plon, plat);
	if (!z || z.epsgPsad56 === null) return NO_VALUE;
	const [x, y] = project([wrapLon(lon), lat], z.epsgPsad56);
	return formatUtm(x, y, z.zone, z.hemisphere, 'PSAD56');
}

export interface CursorLine {
	key: 'decimal' | 'dms' | 'utm';
	/** Short label for the line (the text is self-describing too) */
	label: string;
	text: string;
}

/**
 * The lines the status bar shows for the cursor at WGS84 (lon, lat):
 *   [ {key:'decimal', label:'WGS84', text:'-13.41234°, -72.04567°'},
 *     {key:'dms', label:'GMS' | 'DMS', text:'13°24′44.4″ S, 72°02′44.4″ O'},
 *     {key:'utm', label:'UTM' | 'PSAD56', text:'UTM 18S …' | 'PSAD56 / UTM 18S …'} ]
 * Longitudes beyond ±180 (MapLibre world copies) are wrapped. Always three lines; '—' texts when invalid.
 */
export function formatCursor(lon: number, lat: number, mode: CoordMode, locale: string = 'es'): CursorLine[] {
	const ok = finite(lon, lat) && Math.abs(lat) <= 90;
	const l = ok ? wrapLon(lon) : NaN;
	const la = ok ? lat : NaN;
	return [
		{ key: 'decimal', label: 'WGS84', text: formatDecimal(l, la) },
		{ key: 'dms', label: locale === 'en' ? 'DMS' : 'GMS', text: formatDms(l, la, locale) },
		mode === 'psad56'
			? { key: 'utm', label: 'PSAD56', text: formatUtmPsad56(l, la) }
			: { key: 'utm', label: 'UTM', text: formatUtmWgs84(l, la) }
	];
}
