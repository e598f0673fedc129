/**
 * Elevation profile along a LineString (WGS84 lon/lat): samples every `stepM` metres (default: the
 * nominal cell size) with bilinear elevation, cumulative geodesic distance, and per drawn segment the
 * rise and mean slope. Samples over nodata or outside the DEM have elevationM = null.
 */
import type { LineString } from 'geojson';
import * as geographiclib from 'geographiclib-geodesic';
import { lonLatToPixel, sampleBilinear } from './coords';
import { RasterError, type Dem } from './types';

type GeographicLib = typeof geographiclib;
const lib: GeographicLib = (geographiclib as unknown as { default?: GeographicLib }).default ?? geographiclib;
const WGS84 = lib.Geodesic.WGS84;

export interface ProfileSample {
	distanceM: number;
	elevationM: number | null;
	lon: number;
	lat: number;
}

export interface ProfileSegment {
	fromDistanceM: number;
	toDistanceM: number;
	lengthM: number;
	/** End elevation − start elevation (null if an end has no data). */
	riseM: number | null;
	slopePct: number | null;
	slopeDeg: number | null;
}

export interface ElevationProfile {
	samples: ProfileSample[];
	segments: ProfileSegment[];
	lengthM: number;
	minElevationM: number | null;
	maxElevationM: number | null;
	/** Sum of positive / negative elevation changes between consecutive samples. */
	gainM: number;
	lossM: number;
}

export interface ProfileOptions {
	stepM?: number;
	/** Safety cap on samples (default 20000); the step grows to respect it. */
	maxSamples?: number;
}

export function elevationProfile(dem: Dem, line: LineString, options: ProfileOptions = {}): ElevationProfile {
	const pts = line.coordinates;
	if (pts.length < 2)
		throw new RasterError('INVALID_PARAMETER', 'La línea del perfil necesita al menos 2 puntos.');
	const elevAt = (lon: number, lat: number): number | null => {
		const [px, py] = lonLatToPixel(dem, lon, lat);
		const z = sampleBilinear(dem, px, py);
		return Number.isFinite(z) ? z : null;
	};
	const segLens = pts.slice(1).map((p, i) => {
		const a = pts[i] as number[];
		return WGS84.Inverse(a[1] as number, a[0] as number, p[1] as number, p[0] as number).s12 ?? 0;
	});
	const total = segLens.reduce((s, v) => s + v, 0);
	const maxSamples = options.maxSamples ?? 20000;
	const step = Math.max(
		options.stepM ?? Math.min(dem.cellSizeM.x, dem.cellSizeM.y),
		total / maxSamples,
		1e-6
	);
	const samples: ProfileSample[] = [];
	const segments: ProfileSegment[] = [];
	let dist0 = 0;
	for (let s = 0; s < segLens.length; s++) {
		const a = pts[s] as number[];
		const b = pts[s + 1] as number[];
		const len = segLens[s] as number;
		const inv = WGS84.Inverse(a[1] as number, a[0] as number, b[1] as number, b[0] as number);
		const n = Math.max(1, Math.ceil(len / step));
		for (let k = s === 0 ? 0 : 1; k <= n; k++) {
			const d = (len * k) / n;
			const pos = WGS84.Direct(a[1] as number, a[0] as number, inv.azi1 ?? 0, d);
			const lon = pos.lon2 ?? NaN;
			const lat = pos.lat2 ?? NaN;
			samples.push({ distanceM: dist0 + d, elevationM: elevAt(lon, lat), lon, lat });
		}
		const za = elevAt(a[0] as number, a[1] as number);
		const zb = elevAt(b[0] as number, b[1] as number);
		const rise = za !== null && zb !== null ? zb - za : null;
		segments.push({
			fromDistanceM: dist0,
			toDistanceM: dist0 + len,
			lengthM: len,
			riseM: rise,
			slopePct: rise !== null && len > 0 ? (100 * rise) / len : null,
			slopeDeg: rise !== null && len > 0 ? (Math.atan2(rise, len) * 180) / Math.PI : null
		});
		dist0 += len;
	}
	let min: number | null = null;
	let max: number | null = null;
	let gain = 0;
	let loss = 0;
	let prev: number | null = null;
	for (const s of samples) {
		const z = s.elevationM;
		if (z === null) {
			prev = null;
			continue;
		}
		min = min === null ? z : Math.min(min, z);
		max = max === null ? z : Math.max(max, z);
		if (prev !== null) {
			if (z > prev) gain += z - prev;
			else loss += prev - z;
		}
		prev = z;
	}
	return {
		samples,
		segments,
		lengthM: total,
		minElevationM: min,
		maxElevationM: max,
		gainM: gain,
		lossM: loss
	};
}
