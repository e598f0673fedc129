/**
 * Zanja (infiltration trench) planner: for a polygon and a DEM, proposes trench lines along contours.
 *
 * Method (decision 055): trenches must be level, so they follow contour lines. Going down from the
 * highest eligible cell, the next trench level is the current level minus a vertical interval
 * VI = spacingM(slope) × slope% / 100, where slope is the median slope of the eligible cells in a band
 * around the current level and spacingM comes from the EDITABLE table below. Cells whose slope has no
 * spacing in the table (too flat or too steep) are not eligible; lines are clipped to eligible cells
 * and pieces shorter than `minLengthM` dropped. Volumes use the editable cross-section.
 * The defaults are common Andean practice, stated here so users can see and change them; they are not
 * a design standard — check them against the project's technical file (expediente técnico).
 */
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import { areaHa } from '../areaHa';
import { polylineLengthM } from '../lengthM';
import { cellAreasM2 } from './cellSize';
import { contours } from './contours';
import { polygonMask } from './polygonMask';
import { slope } from './slope';
import { RasterError, type Dem, type RunOptions } from './types';

export interface SpacingRule {
	/** Slope range in percent, [minPct, maxPct). */
	minPct: number;
	maxPct: number;
	/** Horizontal distance between trenches (m); null = no trenches in this range. */
	spacingM: number | null;
}

export const DEFAULT_SPACING_TABLE: readonly SpacingRule[] = Object.freeze([
	{ minPct: 0, maxPct: 5, spacingM: null }, // little runoff: trenches not proposed
	{ minPct: 5, maxPct: 15, spacingM: 12 },
	{ minPct: 15, maxPct: 30, spacingM: 8 },
	{ minPct: 30, maxPct: 50, spacingM: 6 },
	{ minPct: 50, maxPct: 75, spacingM: 4 },
	{ minPct: 75, maxPct: Infinity, spacingM: null } // too steep: other works (forestation, terraces)
]);

export interface CrossSection {
	topWidthM: number;
	bottomWidthM: number;
	depthM: number;
}

/** 0.40 m × 0.40 m rectangular section, a frequent size for hand-dug zanjas. */
export const DEFAULT_CROSS_SECTION: Readonly<CrossSection> = Object.freeze({
	topWidthM: 0.4,
	bottomWidthM: 0.4,
	depthM: 0.4
});

export interface ZanjaOptions extends RunOptions {
	spacingTable?: readonly SpacingRule[];
	crossSection?: CrossSection;
	/** Pieces shorter than this are dropped. Default 5 m. */
	minLengthM?: number;
}

export interface ZanjaLineProperties {
	elevationM: number;
	spacingM: number;
	slopePct: number;
	lengthM: number;
}

export interface ZanjaPlan {
	lines: FeatureCollection<LineString, ZanjaLineProperties>;
	totalLengthM: number;
	storageM3: number;
	crossSectionM2: number;
	/** Area of the eligible cells inside the polygon (slope with a spacing in the table). */
	treatedHa: number;
	polygonHa: number;
	trenchCount: number;
	spacingTable: SpacingRule[];
	crossSection: CrossSection;
}

export function spacingFor(slopePct: number, table: readonly SpacingRule[]): number | null {
	for (const rule of table) if (slopePct >= rule.minPct && slopePct < rule.maxPct) return rule.spacingM;
	return null;
}

function median(values: number[]): number {
	if (values.length === 0) return NaN;
	values.sort((a, b) => a - b);
	return values[Math.floor(values.length / 2)] as number;
}

export function zanjaPlanner(
	dem: Dem,
	polygon: Polygon | MultiPolygon,
	options: ZanjaOptions = {}
): ZanjaPlan {
	const table = options.spacingTable ?? DEFAULT_SPACING_TABLE;
	for (const r of table)
		if (r.spacingM !== null && !(r.spacingM > 0))
			throw new RasterError('INVALID_PARAMETER', 'Los espaciamientos de la tabla deben ser mayores que 0 m.');
	const cs = options.crossSection ?? DEFAULT_CROSS_SECTION;
	if (!(cs.depthM > 0 && cs.topWidthM > 0 && cs.bottomWidthM >= 0))
		throw new RasterError(
			'INVALID_PARAMETER',
			'La sección de la zanja debe tener ancho y profundidad positivos.'
		);
	const minLen = options.minLengthM ?? 5;
	const { width: W, data } = dem;
	const { mask, rowMin, rowMax } = polygonMask(dem, polygon);
	const sl = slope(dem, { unit: 'percent', rows: [rowMin, rowMax + 1] });
	const rowArea = cellAreasM2(dem);
	const eligible = new Uint8Array(mask.length);
	const zs: number[] = [];
	const ss: number[] = [];
	let treatedM2 = 0;
	for (let r = rowMin; r <= rowMax; r++)
		for (let c = 0; c < W; c++) {
			const i = r * W + c;
			if (!mask[i]) continue;
			const s = sl[i] as number;
			const z = data[i] as number;
			if (s !== s || z !== z || spacingFor(s, table) === null) continue;
			eligible[i] = 1;
			treatedM2 += rowArea[r] as number;
			zs.push(z);
			ss.push(s);
		}
	options.onProgress?.(0.3);
	const empty: ZanjaPlan = {
		lines: { type: 'FeatureCollection', features: [] },
		totalLengthM: 0,
		storageM3: 0,
		crossSectionM2: ((cs.topWidthM + cs.bottomWidthM) / 2) * cs.depthM,
		treatedHa: treatedM2 / 10_000,
		polygonHa: areaHa(polygon),
		trenchCount: 0,
		spacingTable: table.map((r) => ({ ...r })),
		crossSection: { ...cs }
	};
	if (zs.length === 0) return empty;
	// cells sorted by elevation for band queries
	const order = zs.map((_, k) => k).sort((a, b) => (zs[a] as number) - (zs[b] as number));
	const zSorted = Float64Array.from(order, (k) => zs[k] as number);
	const sSorted = Float64Array.from(order, (k) => ss[k] as number);
	const lowerBound = (v: number) => {
		let a = 0;
		let b = zSorted.length;
		while (a < b) {
			const m = (a + b) >> 1;
			if ((zSorted[m] as number) < v) a = m + 1;
			else b = m;
		}
		return a;
	};
	const bandMedian = (lo: number, hi: number): number => {
		const i0 = lowerBound(lo);
		const i1 = lowerBound(hi);
		const n = i1 - i0;
		if (n <= 0) return NaN;
		const stride = Math.max(1, Math.floor(n / 2000));
		const vals: number[] = [];
		for (let i = i0; i < i1; i += stride) vals.push(sSorted[i] as number);
		return median(vals);
	};
	const overall = median([...ss]);
	const overallVI = ((spacingFor(overall, table) ?? 8) * overall) / 100;
	const zMax = zSorted[zSorted.length - 1] as number;
	const zMin = zSorted[0] as number;
	const levels: number[] = [];
	const levelInfo = new Map<number, { spacingM: number; slopePct: number }>();
	let vi = Math.max(overallVI, 0.05);
	let L = zMax - vi / 2;
	for (let guard = 0; L > zMin && guard < 5000; guard++) {
		// median slope in a band around L, widened until it holds cells (coarse grids on steep slopes)
		let half = Math.max(0.5, vi / 2);
		let s = bandMedian(L - half, L + half);
		for (let k = 0; k < 6 && !Number.isFinite(s); k++) {
			half *= 2;
			s = bandMedian(L - half, L + half);
		}
		const sp = Number.isFinite(s) ? spacingFor(s, table) : null;
		if (sp !== null && Number.isFinite(s)) {
			levels.push(L);
			levelInfo.set(L, { spacingM: sp, slopePct: s });
			vi = Math.max((sp * s) / 100, 0.05);
		}
		L -= vi;
	}
	if (levels.length === 0) return empty;
	const fc = contours(dem, { levels, mask: eligible, output: 'lonlat' });
	options.onProgress?.(0.9);
	const features: Feature<LineString, ZanjaLineProperties>[] = [];
	let total = 0;
	for (const f of fc.features) {
		const len = polylineLengthM(f.geometry.coordinates);
		if (len < minLen) continue;
		const info = levelInfo.get(f.properties.elevationM) ?? { spacingM: NaN, slopePct: NaN };
		total += len;
		features.push({
			type: 'Feature',
			properties: {
				elevationM: f.properties.elevationM,
				spacingM: info.spacingM,
				slopePct: info.slopePct,
				lengthM: len
			},
			geometry: f.geometry
		});
	}
	options.onProgress?.(1);
	return {
		...empty,
		lines: { type: 'FeatureCollection', features },
		totalLengthM: total,
		storageM3: total * empty.crossSectionM2,
		trenchCount: features.length
	};
}
