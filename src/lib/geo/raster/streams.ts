/**
 * Stream network from flow accumulation: cells with accumulation ≥ threshold are stream cells.
 * Strahler order: a source is 1; where two or more tributaries of the highest incoming order k meet
 * the order becomes k+1, otherwise it stays the highest incoming order. Lines run through cell
 * centres from a source or junction down to the next junction or outlet (the junction cell is
 * repeated so lines connect), in WGS84 lon/lat.
 */
import type { Feature, FeatureCollection, LineString } from 'geojson';
import { nominalCellSizeM } from './cellSize';
import { pixelToLonLat, pixelToMap } from './coords';
import { D8_NODATA, d8OffsetTable } from './flowDirection';
import { makeTicker, RasterError, type Dem, type RunOptions } from './types';

export interface StreamOptions extends RunOptions {
	/** Minimum accumulation (cells) of a stream cell. Use `thresholdHa` instead to give an area. */
	thresholdCells?: number;
	/** Minimum contributing area (ha), converted with the nominal cell size. */
	thresholdHa?: number;
	output?: 'lonlat' | 'map' | 'pixel';
}

export interface StreamProperties {
	/** Strahler order. */
	order: number;
	/** Accumulation (cells) at the downstream end. */
	upstreamCells: number;
	/** Approximate contributing area at the downstream end (cells × nominal cell area). */
	upstreamHa: number;
}

export interface StreamResult {
	lines: FeatureCollection<LineString, StreamProperties>;
	/** Strahler order per cell (0 = not a stream). */
	order: Uint8Array;
	thresholdCells: number;
	maxOrder: number;
}

/** The stream threshold in cells: `thresholdCells`, or `thresholdHa` over the nominal cell area; NaN if neither. */
export function streamThresholdCells(
	dem: Pick<Dem, 'height' | 'transform' | 'crs'>,
	options: Pick<StreamOptions, 'thresholdCells' | 'thresholdHa'>
): number {
	if (options.thresholdCells !== undefined) return options.thresholdCells;
	if (options.thresholdHa === undefined) return NaN;
	const cs = nominalCellSizeM(dem);
	return Math.ceil(options.thresholdHa / ((cs.x * cs.y) / 10_000));
}

export function streams(
	dem: Pick<Dem, 'width' | 'height' | 'transform' | 'crs'>,
	dir: Uint8Array,
	acc: Uint32Array,
	options: StreamOptions = {}
): StreamResult {
	const { width: W, height: H } = dem;
	const N = W * H;
	const cs = nominalCellSizeM(dem);
	const cellHa = (cs.x * cs.y) / 10_000;
	const threshold = streamThresholdCells(dem, options);
	if (!(threshold >= 1))
		throw new RasterError(
			'INVALID_PARAMETER',
			'Indique un umbral de acumulación (celdas o hectáreas) ≥ 1 celda.'
		);
	const off = d8OffsetTable(W);
	const isStream = (i: number) => (acc[i] as number) >= threshold && dir[i] !== D8_NODATA;
	const indeg = new Uint8Array(N);
	const down = (i: number): number => {
		const d = dir[i] as number;
		if (d === 0 || d === D8_NODATA) return -1;
		const t = i + (off[d] as number);
		return isStream(t) ? t : -1;
	};
	for (let i = 0; i < N; i++) {
		if (!isStream(i)) continue;
		const t = down(i);
		if (t >= 0) indeg[t] = (indeg[t] as number) + 1;
	}
	const upCount = new Uint8Array(indeg); // inflow count kept for link splitting
	const order = new Uint8Array(N);
	const maxIn = new Uint8Array(N);
	const nMax = new Uint8Array(N);
	const stack: number[] = [];
	for (let i = 0; i < N; i++) if (isStream(i) && indeg[i] === 0) stack.push(i);
	const tick = makeTicker(N, options, 0, 0.7);
	let done = 0;
	let maxOrder = 0;
	while (stack.length > 0) {
		const c = stack.pop() as number;
		tick(++done);
		const m = maxIn[c] as number;
		const o = m === 0 ? 1 : (nMax[c] as number) >= 2 ? m + 1 : m;
		order[c] = o;
		if (o > maxOrder) maxOrder = o;
		const t = down(c);
		if (t < 0) continue;
		if (o > (maxIn[t] as number)) {
			maxIn[t] = o;
			nMax[t] = 1;
		} else if (o === maxIn[t]) nMax[t] = (nMax[t] as number) + 1;
		indeg[t] = (indeg[t] as number) - 1;
		if (indeg[t] === 0) stack.push(t);
	}

	const output = options.output ?? 'lonlat';
	const coord = (i: number): [number, number] => {
		const r = Math.floor(i / W);
		const px = i - r * W + 0.5;
		const py = r + 0.5;
		return output === 'pixel'
			? [px, py]
			: output === 'map'
				? pixelToMap(dem, px, py)
				: pixelToLonLat(dem, px, py);
	};
	const features: Feature<LineString, StreamProperties>[] = [];
	const tick2 = makeTicker(N, options, 0.7, 1);
	for (let i = 0; i < N; i++) {
		tick2(i);
		if (order[i] === 0 || upCount[i] === 1) continue; // links start at sources (0) and junctions (≥2)
		const coords: [number, number][] = [coord(i)];
		let c = i;
		let last = i; // last cell of this link before the next junction
		for (;;) {
			const t = down(c);
			if (t < 0) break;
			coords.push(coord(t));
			c = t;
			if ((upCount[t] as number) >= 2) break;
			last = t;
		}
		if (coords.length < 2) continue;
		features.push({
			type: 'Feature',
			properties: {
				order: order[i] as number,
				upstreamCells: acc[last] as number,
				upstreamHa: (acc[last] as number) * cellHa
			},
			geometry: { type: 'LineString', coordinates: coords }
		});
	}
	options.onProgress?.(1);
	return { lines: { type: 'FeatureCollection', features }, order, thresholdCells: threshold, maxOrder };
}
