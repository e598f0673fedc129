/**
 * Inline inverse of WGS 84 / UTM (EPSG:326zz, 327zz) to lon/lat degrees, without allocation: the same
 * Poder/Engsager extended transverse Mercator series proj4 (and PROJ) use, with constants computed once
 * per zone. Agrees with proj4 to < 1e-9 m (tests/unit/import/utmInverse.test.ts) and is ~10× faster,
 * which matters on 100 000-polygon shapefiles. Other CRS go through proj4.
 */

const A = 6378137;
const RF = 298.257223563;

/** Writes [lon, lat] in degrees into `out`; (Infinity, Infinity) beyond the projection's domain. */
export type UtmInverse = (x: number, y: number, out: [number, number]) => void;

/** Zone 1–60, south hemisphere flag; null when the zone is out of range. */
export function utmInverse(zone: number, south: boolean): UtmInverse | null {
	if (!Number.isInteger(zone) || zone < 1 || zone > 60) return null;
	const f = 1 / RF;
	const es = 2 * f - f * f;
	const ff = es / (1 + Math.sqrt(1 - es));
	const n = ff / (2 - ff);
	const k0 = 0.9996;
	const x0 = 500000;
	const y0 = south ? 10000000 : 0;
	const long0 = ((zone - 1) * 6 - 180 + 3) * (Math.PI / 180);
	let np = n;
	const cgb0 = n * (2 + n * (-2 / 3 + n * (-2 + n * (116 / 45 + n * (26 / 45 + n * (-2854 / 675))))));
	np *= n;
	const cgb1 = np * (7 / 3 + n * (-8 / 5 + n * (-227 / 45 + n * (2704 / 315 + n * (2323 / 945)))));
	np *= n;
	const cgb2 = np * (56 / 15 + n * (-136 / 35 + n * (-1262 / 105 + n * (73814 / 2835))));
	np *= n;
	const cgb3 = np * (4279 / 630 + n * (-332 / 35 + n * (-399572 / 14175)));
	np *= n;
	const cgb4 = np * (4174 / 315 + n * (-144838 / 6237));
	np *= n;
	const cgb5 = np * (601676 / 22275);
	np = n * n;
	const Qn = (k0 / (1 + n)) * (1 + np * (1 / 4 + np * (1 / 64 + np / 256)));
	const utg0 =
		n * (-0.5 + n * (2 / 3 + n * (-37 / 96 + n * (1 / 360 + n * (81 / 512 + n * (-96199 / 604800))))));
	const utg1 = np * (-1 / 48 + n * (-1 / 15 + n * (437 / 1440 + n * (-46 / 105 + n * (1118711 / 3870720)))));
	np *= n;
	const utg2 = np * (-17 / 480 + n * (37 / 840 + n * (209 / 4480 + n * (-5569 / 90720))));
	np *= n;
	const utg3 = np * (-4397 / 161280 + n * (11 / 504 + n * (830251 / 7257600)));
	np *= n;
	const utg4 = np * (-4583 / 161280 + n * (108847 / 3991680));
	np *= n;
	const utg5 = np * (-20648693 / 638668800);
	// lat0 = 0 → Zb = 0
	const R2D = 180 / Math.PI;
	return (x, y, out) => {
		let Ce = (x - x0) / A / Qn;
		let Cn = (y - y0) / A / Qn;
		if (!(Math.abs(Ce) <= 2.623395162778)) {
			out[0] = Infinity;
			out[1] = Infinity;
			return;
		}
		// clens_cmplx(utg, 2Cn, 2Ce), Clenshaw summation on complex argument
		const ar = 2 * Cn;
		const ai = 2 * Ce;
		const sr = Math.sin(ar);
		const cr = Math.cos(ar);
		const ex = Math.exp(ai);
		const sh = (ex - 1 / ex) / 2;
		const ch = (ex + 1 / ex) / 2;
		const r = 2 * cr * ch;
		const im = -2 * sr * sh;
		// unrolled: j = 4 … 0
		let hr1 = utg5;
		let hi1 = 0;
		let hr = r * hr1 + utg4;
		let hi = im * hr1;
		let hr2 = hr1;
		let hi2 = hi1;
		hr1 = hr;
		hi1 = hi;
		hr = -hr2 + r * hr1 - im * hi1 + utg3;
		hi = -hi2 + im * hr1 + r * hi1;
		hr2 = hr1;
		hi2 = hi1;
		hr1 = hr;
		hi1 = hi;
		hr = -hr2 + r * hr1 - im * hi1 + utg2;
		hi = -hi2 + im * hr1 + r * hi1;
		hr2 = hr1;
		hi2 = hi1;
		hr1 = hr;
		hi1 = hi;
		hr = -hr2 + r * hr1 - im * hi1 + utg1;
		hi = -hi2 + im * hr1 + r * hi1;
		hr2 = hr1;
		hi2 = hi1;
		hr1 = hr;
		hi1 = hi;
		hr = -hr2 + r * hr1 - im * hi1 + utg0;
		hi = -hi2 + im * hr1 + r * hi1;
		const rr = sr * ch;
		const ii = cr * sh;
		Cn += rr * hr - ii * hi;
		Ce += rr * hi + ii * hr;
		const e2 = Math.exp(Ce);
		Ce = Math.atan((e2 - 1 / e2) / 2);
		const sinCn = Math.sin(Cn);
		const cosCn = Math.cos(Cn);
		const sinCe = Math.sin(Ce);
		const cosCe = Math.cos(Ce);
		Cn = Math.atan2(sinCn * cosCe, Math.sqrt(sinCe * sinCe + cosCe * cosCn * (cosCe * cosCn)));
		Ce = Math.atan2(sinCe, cosCe * cosCn);
		let lon = Ce + long0;
		if (lon > Math.PI) lon -= 2 * Math.PI;
		else if (lon < -Math.PI) lon += 2 * Math.PI;
		// gatg(cgb, Cn)
		const cos2B = 2 * Math.cos(2 * Cn);
		const g4 = cos2B * cgb5 + cgb4;
		const g3 = -cgb5 + cos2B * g4 + cgb3;
		const g2 = -g4 + cos2B * g3 + cgb2;
		const g1 = -g3 + cos2B * g2 + cgb1;
		const h = -g2 + cos2B * g1 + cgb0;
		const lat = Cn + h * Math.sin(2 * Cn);
		out[0] = lon * R2D;
		out[1] = lat * R2D;
	};
}

/** EPSG:32601–32660 / 32701–32760 → the fast inverse; null for any other code. */
export function utmInverseForEpsg(epsg: number | null): UtmInverse | null {
	if (epsg === null) return null;
	if (epsg > 32600 && epsg <= 32660) return utmInverse(epsg - 32600, false);
	if (epsg > 32700 && epsg <= 32760) return utmInverse(epsg - 32700, true);
	return null;
}
