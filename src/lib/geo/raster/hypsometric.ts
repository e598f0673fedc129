/**
 * Hypsometric tint: elevation → RGBA through a colour ramp with linear interpolation between stops.
 * Stops are given as fractions 0..1 of [minM, maxM] (default: the DEM's own range) or in absolute metres.
 * Nodata → fully transparent. Output is ready for `new ImageData(rgba, width, height)`.
 */
import { RasterError } from './types';

export interface TintStop {
	/** Fraction 0..1 of the range (mode 'relative') or metres (mode 'absolute'). */
	at: number;
	color: [number, number, number];
}

/** Default ramp: valley greens → puna ochres → rocky greys → snow white (relative to the range). */
export const DEFAULT_TINT: readonly TintStop[] = Object.freeze([
	{ at: 0, color: [46, 125, 50] },
	{ at: 0.25, color: [156, 204, 101] },
	{ at: 0.5, color: [240, 220, 130] },
	{ at: 0.75, color: [188, 143, 95] },
	{ at: 0.92, color: [160, 160, 160] },
	{ at: 1, color: [250, 250, 250] }
]);

export interface HypsometricOptions {
	stops?: readonly TintStop[];
	mode?: 'relative' | 'absolute';
	/** Range for 'relative' mode; default min/max of the data. */
	minM?: number;
	maxM?: number;
	alpha?: number;
}

export function elevationRange(data: Float32Array): { minM: number; maxM: number } {
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = 0; i < data.length; i++) {
		const v = data[i] as number;
		if (v < lo) lo = v;
		if (v > hi) hi = v;
	}
	return { minM: lo, maxM: hi };
}

export function hypsometric(data: Float32Array, options: HypsometricOptions = {}): Uint8ClampedArray {
	const stops = [...(options.stops ?? DEFAULT_TINT)].sort((a, b) => a.at - b.at);
	if (stops.length < 2)
		throw new RasterError('INVALID_PARAMETER', 'La rampa de colores necesita al menos 2 paradas.');
	const alpha = options.alpha ?? 255;
	let toT: (v: number) => number;
	if ((options.mode ?? 'relative') === 'relative') {
		const r = options.minM === undefined || options.maxM === undefined ? elevationRange(data) : null;
		const lo = options.minM ?? r?.minM ?? 0;
		const hi = options.maxM ?? r?.maxM ?? 1;
		const span = hi > lo ? hi - lo : 1;
		toT = (v) => (v - lo) / span;
	} else toT = (v) => v;
	// 1024-entry lookup table over the stop range
	const N = 1024;
	const first = (stops[0] as TintStop).at;
	const last = (stops[stops.length - 1] as TintStop).at;
	const lut = new Uint8ClampedArray(N * 3);
	for (let k = 0; k < N; k++) {
		const t = first + ((last - first) * k) / (N - 1);
		let j = 0;
		while (j < stops.length - 2 && t > (stops[j + 1] as TintStop).at) j++;
		const s0 = stops[j] as TintStop;
		const s1 = stops[j + 1] as TintStop;
		const f = s1.at > s0.at ? Math.max(0, Math.min(1, (t - s0.at) / (s1.at - s0.at))) : 0;
		for (let ch = 0; ch < 3; ch++)
			lut[k * 3 + ch] = (s0.color[ch] as number) + f * ((s1.color[ch] as number) - (s0.color[ch] as number));
	}
	const out = new Uint8ClampedArray(data.length * 4);
	const scale = last > first ? (N - 1) / (last - first) : 0;
	for (let i = 0; i < data.length; i++) {
		const v = data[i] as number;
		if (v !== v) continue;
		let k = Math.round((toT(v) - first) * scale);
		if (k < 0) k = 0;
		else if (k >= N) k = N - 1;
		out[i * 4] = lut[k * 3] as number;
		out[i * 4 + 1] = lut[k * 3 + 1] as number;
		out[i * 4 + 2] = lut[k * 3 + 2] as number;
		out[i * 4 + 3] = alpha;
	}
	return out;
}
