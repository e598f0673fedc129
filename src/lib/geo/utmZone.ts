/**
 * UTM zone for a longitude/latitude.
 *
 * Rule (standard UTM, no Norway/Svalbard exceptions — irrelevant in Peru):
 *   zone = floor((lon + 180) / 6) + 1, zone n covering the half-open interval [-180 + 6(n-1), -180 + 6n).
 *   So zone 18 is [-78°, -72°) and zone 19 is [-72°, -66°): a point exactly on 72°W is in zone 19,
 *   anything west of it (even by 1e-9°) in zone 18. lon = 180 belongs to zone 60.
 *   Hemisphere: 'S' for lat < 0, 'N' for lat >= 0 (the equator is N, as in EPSG's 326zz).
 *
 * The longitude must be in the datum of the grid you want: WGS84 longitude for 327zz, PSAD56 longitude
 * for 248zz (they differ by ~0.002° near Chinchero; see formatCoord.formatCursor).
 */

export interface UtmZone {
	/** 1..60 (18 or 19 around Chinchero) */
	zone: number;
	hemisphere: 'S' | 'N';
	/** WGS 84 / UTM: 327zz south, 326zz north */
	epsgWgs84: number;
	/** PSAD56 / UTM south zones 17–19 (Peru: 24877, 24878, 24879); null elsewhere */
	epsgPsad56: number | null;
}

/** Wrap any finite longitude into [-180, 180). */
export function wrapLon(lon: number): number {
	const w = ((((lon + 180) % 360) + 360) % 360) - 180;
	return Object.is(w, -0) ? 0 : w;
}

/** UTM zone number (1..60) for a longitude; longitudes outside [-180, 180] are wrapped. NaN for non-finite. */
export function utmZoneNumber(lon: number): number {
	if (!Number.isFinite(lon)) return NaN;
	const l = lon >= -180 && lon <= 180 ? lon : wrapLon(lon);
	const zone = Math.floor((l + 180) / 6) + 1;
	return Math.min(Math.max(zone, 1), 60);
}

/**
 * The UTM zone of a WGS84 (or PSAD56) position. Returns null for non-finite input or |lat| > 90.
 */
export function utmZoneFor(lon: number, lat: number): UtmZone | null {
	if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90) return null;
	const zone = utmZoneNumber(lon);
	const hemisphere: 'S' | 'N' = lat < 0 ? 'S' : 'N';
	const epsgWgs84 = (hemisphere === 'S' ? 32700 : 32600) + zone;
	const epsgPsad56 = hemisphere === 'S' && zone >= 17 && zone <= 19 ? 24860 + zone : null;
	return { zone, hemisphere, epsgWgs84, epsgPsad56 };
}
