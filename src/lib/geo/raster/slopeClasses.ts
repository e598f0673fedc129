/**
 * Slope classes map: classifies a slope-in-percent grid with an EDITABLE class table.
 * The defaults below are the ranges commonly used when planning infiltration trenches (zanjas) and
 * conservation works in the Andes; projects use different tables, so the UI must let users edit them
 * (docs/terrain.md, decision 054). Classes are half-open [minPct, maxPct); the last may have maxPct = Infinity.
 */
import { RasterError } from './types';

export interface SlopeClass {
	/** Lower bound in percent (inclusive). */
	minPct: number;
	/** Upper bound in percent (exclusive); Infinity for the last class. */
	maxPct: number;
	/** Spanish label shown in the legend. */
	label: string;
	/** CSS hex colour '#rrggbb'. */
	color: string;
}

export const DEFAULT_SLOPE_CLASSES: readonly SlopeClass[] = Object.freeze([
	{ minPct: 0, maxPct: 5, label: 'Plano o casi plano (0–5 %)', color: '#1a9850' },
	{ minPct: 5, maxPct: 15, label: 'Ligeramente inclinado (5–15 %)', color: '#91cf60' },
	{ minPct: 15, maxPct: 30, label: 'Moderadamente inclinado (15–30 %)', color: '#d9ef8b' },
	{ minPct: 30, maxPct: 50, label: 'Fuertemente inclinado (30–50 %)', color: '#fee08b' },
	{ minPct: 50, maxPct: 75, label: 'Empinado (50–75 %)', color: '#fc8d59' },
	{ minPct: 75, maxPct: Infinity, label: 'Muy empinado (> 75 %)', color: '#d73027' }
]);

export function validateSlopeClasses(classes: readonly SlopeClass[]): void {
	if (classes.length === 0 || classes.length > 254)
		throw new RasterError(
			'INVALID_PARAMETER',
			'La tabla de clases de pendiente debe tener entre 1 y 254 clases.'
		);
	for (let i = 0; i < classes.length; i++) {
		const k = classes[i] as SlopeClass;
		if (!(k.maxPct > k.minPct))
			throw new RasterError('INVALID_PARAMETER', `Clase ${i + 1}: el máximo debe ser mayor que el mínimo.`);
		const prev = classes[i - 1];
		if (prev && prev.maxPct > k.minPct)
			throw new RasterError('INVALID_PARAMETER', `Clase ${i + 1}: se superpone con la anterior.`);
	}
}

/**
 * Class index per cell: 1..n for classes[0..n-1], 0 for nodata or a slope outside every class.
 * @param slopePct slope in PERCENT (slope(dem, { unit: 'percent' }))
 */
export function slopeClasses(
	slopePct: Float32Array,
	classes: readonly SlopeClass[] = DEFAULT_SLOPE_CLASSES
): Uint8Array {
	validateSlopeClasses(classes);
	const n = classes.length;
	const mins = Float64Array.from(classes, (k) => k.minPct);
	const maxs = Float64Array.from(classes, (k) => k.maxPct);
	const out = new Uint8Array(slopePct.length);
	for (let i = 0; i < slopePct.length; i++) {
		const s = slopePct[i] as number;
		if (s !== s) continue;
		for (let k = 0; k < n; k++) {
			if (s >= (mins[k] as number) && s < (maxs[k] as number)) {
				out[i] = k + 1;
				break;
			}
		}
	}
	return out;
}

/** Hectares per class (index 0 of the result = class 1), given each row's cell area in m². */
export function slopeClassAreasHa(
	classIndex: Uint8Array,
	width: number,
	rowCellAreaM2: Float64Array,
	n: number
) {
	const ha = new Float64Array(n);
	for (let i = 0; i < classIndex.length; i++) {
		const k = classIndex[i] as number;
		if (k > 0) ha[k - 1] = (ha[k - 1] as number) + (rowCellAreaM2[Math.floor(i / width)] as number) / 10_000;
	}
	return Array.from(ha);
}

function hexToRgb(hex: string): [number, number, number] {
	const m = /^#?([0-9a-f]{6})$/i.exec(hex);
	if (!m) throw new RasterError('INVALID_PARAMETER', `Color no válido: ${hex}`);
	const v = parseInt(m[1] as string, 16);
	return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** RGBA image (for a MapLibre image source / canvas) of a class grid; class 0 is transparent. */
export function slopeClassesToRgba(
	classIndex: Uint8Array,
	classes: readonly SlopeClass[] = DEFAULT_SLOPE_CLASSES,
	alpha = 255
): Uint8ClampedArray {
	const lut = classes.map((k) => hexToRgb(k.color));
	const out = new Uint8ClampedArray(classIndex.length * 4);
	for (let i = 0; i < classIndex.length; i++) {
		const k = classIndex[i] as number;
		if (k === 0) continue;
		const rgb = lut[k - 1] as [number, number, number];
		out[i * 4] = rgb[0];
		out[i * 4 + 1] = rgb[1];
		out[i * 4 + 2] = rgb[2];
		out[i * 4 + 3] = alpha;
	}
	return out;
}
