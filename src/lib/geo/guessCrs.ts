/**
 * Propose the CRS of coordinates that come without one, from their ranges. Never decides: it ranks
 * candidates for the user to confirm. Near Chinchero, eastings ~815,000 / northings ~8,515,000 are
 * UTM 18S (zone 19S would put them in Bolivia); WGS84 and PSAD56 share the ranges (they differ by
 * ~400 m), so both are always offered.
 */
import { unproject } from './crs';

export interface CrsGuess {
	/** 'EPSG:32718' */
	id: string;
	epsg: number;
	label: string;
	/** 0..1, sorted descending. */
	score: number;
	/** Spanish reason. */
	reason: string;
}

/** Chinchero (WGS84). */
const HOME: [number, number] = [-72.05, -13.39];
/** Peru, generously. */
const PERU = { minLon: -81.5, maxLon: -68.5, minLat: -18.5, maxLat: 0.1 };

function kmBetween(a: [number, number], b: [number, number]): number {
	const rad = Math.PI / 180;
	const dLat = (b[1] - a[1]) * rad;
	const dLon = (b[0] - a[0]) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function placeScore(lonlat: [number, number]): { score: number; where: string } {
	if (!Number.isFinite(lonlat[0]) || !Number.isFinite(lonlat[1]))
		return { score: 0, where: 'fuera de rango' };
	const km = kmBetween(lonlat, HOME);
	if (km <= 60) return { score: 0.95, where: `a ${Math.round(km)} km de Chinchero` };
	const inPeru =
		lonlat[0] >= PERU.minLon &&
		lonlat[0] <= PERU.maxLon &&
		lonlat[1] >= PERU.minLat &&
		lonlat[1] <= PERU.maxLat;
	if (inPeru) return { score: 0.7, where: `en el Perú, a ${Math.round(km)} km de Chinchero` };
	return { score: 0.15, where: `fuera del Perú (${lonlat[0].toFixed(2)}, ${lonlat[1].toFixed(2)})` };
}

/**
 * Candidates for a bounding box [minX, minY, maxX, maxY] of raw coordinates. Empty when no candidate
 * fits (e.g. non-finite values or ranges no supported CRS produces).
 */
export function guessCrs(bbox: readonly [number, number, number, number]): CrsGuess[] {
	const [minX, minY, maxX, maxY] = bbox;
	if (![minX, minY, maxX, maxY].every(Number.isFinite) || minX > maxX || minY > maxY) return [];
	const cx = (minX + maxX) / 2;
	const cy = (minY + maxY) / 2;
	const out: CrsGuess[] = [];
	if (minX >= -180 && maxX <= 180 && minY >= -90 && maxY <= 90) {
		const p = placeScore([cx, cy]);
		out.push({
			id: 'EPSG:4326',
			epsg: 4326,
			label: 'WGS 84 (geográficas)',
			score: p.score,
			reason: `valores en grados; ${p.where}`
		});
		out.push({
			id: 'EPSG:4248',
			epsg: 4248,
			label: 'PSAD56 (geográficas)',
			score: p.score * 0.5,
			reason: 'mismos rangos que WGS 84; difiere ~400 m (cartas antiguas del IGN)'
		});
		return out;
	}
	// UTM south: eastings 100 km .. 900 km, northings 0 .. 10,000 km.
	if (minX >= 100_000 && maxX <= 900_000 && minY >= 0 && maxY <= 10_000_000) {
		for (const zone of [18, 19, 17]) {
			const wgs = 32700 + zone;
			const ll = unproject([cx, cy], wgs);
			const p = placeScore(ll);
			out.push({
				id: `EPSG:${wgs}`,
				epsg: wgs,
				label: `WGS 84 / UTM zona ${zone}S`,
				score: p.score,
				reason: `metros UTM; caería ${p.where}`
			});
			out.push({
				id: `EPSG:${24860 + zone}`,
				epsg: 24860 + zone,
				label: `PSAD56 / UTM zona ${zone}S`,
				score: p.score * 0.85,
				reason: `mismos rangos que WGS 84 / UTM ${zone}S; difiere ~400 m (cartas antiguas del IGN)`
			});
		}
		out.sort((a, b) => b.score - a.score);
	}
	return out;
}
