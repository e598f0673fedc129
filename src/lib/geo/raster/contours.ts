/**
 * Contour lines by marching squares over cell centres → GeoJSON LineStrings with `elevationM`.
 * A node counts as "above" a level when value ≥ level; saddles are resolved with the mean of the four
 * corners. Squares touching nodata are skipped (lines stop at holes). Segments are joined into
 * polylines through shared edge crossings, so a closed contour becomes one closed LineString.
 */
import type { Feature, FeatureCollection, LineString } from 'geojson';
import { pixelToLonLat, pixelToMap } from './coords';
import { elevationRange } from './hypsometric';
import { makeTicker, RasterError, type Dem, type RunOptions } from './types';

export interface ContourOptions extends RunOptions {
	/** Contour interval in metres (ignored when `levels` is given). */
	intervalM?: number;
	/** Levels are baseM + k·intervalM. Default 0. */
	baseM?: number;
	/** Explicit levels (metres) instead of an interval. */
	levels?: readonly number[];
	/** Every n-th level (by k) is flagged `index: true` (for labels / thicker lines). Default 5. */
	indexEvery?: number;
	/** Output coordinates: WGS84 lon/lat (default), the DEM's CRS, or pixel coordinates. */
	output?: 'lonlat' | 'map' | 'pixel';
	/** Optional node mask (1 = use); squares with any masked-out corner are skipped. */
	mask?: Uint8Array;
	/** Safety cap on the number of levels (default 2000). */
	maxLevels?: number;
}

export interface ContourProperties {
	elevationM: number;
	index: boolean;
}

function pushTo(map: Map<number, number[]>, k: number, a: number, b: number) {
	let arr = map.get(k);
	if (!arr) map.set(k, (arr = []));
	arr.push(a, b);
}

export function contourLevels(data: Float32Array, intervalM: number, baseM = 0, maxLevels = 2000): number[] {
	if (!(intervalM > 0))
		throw new RasterError('INVALID_PARAMETER', 'El intervalo de curvas debe ser mayor que 0.');
	const { minM, maxM } = elevationRange(data);
	if (!Number.isFinite(minM)) return [];
	const k0 = Math.floor((minM - baseM) / intervalM);
	const k1 = Math.floor((maxM - baseM) / intervalM);
	if (k1 - k0 > maxLevels)
		throw new RasterError('INVALID_PARAMETER', `Demasiadas curvas (${k1 - k0}); aumente el intervalo.`);
	const out: number[] = [];
	for (let k = k0; k <= k1; k++) out.push(baseM + k * intervalM);
	return out;
}

export function contours(
	dem: Dem,
	options: ContourOptions = {}
): FeatureCollection<LineString, ContourProperties> {
	const { width: W, height: H, data } = dem;
	const baseM = options.baseM ?? 0;
	const indexEvery = options.indexEvery ?? 5;
	const levels = options.levels
		? [...options.levels].sort((a, b) => a - b)
		: contourLevels(data, options.intervalM ?? 10, baseM, options.maxLevels ?? 2000);
	const mask = options.mask;
	const nL = levels.length;
	const segsByLevel = new Map<number, number[]>();
	const tick = makeTicker(H, options, 0, 0.8);
	for (let r = 0; r < H - 1; r++) {
		tick(r);
		for (let c = 0; c < W - 1; c++) {
			const i = r * W + c;
			const tl = data[i] as number;
			const tr = data[i + 1] as number;
			const bl = data[i + W] as number;
			const br = data[i + W + 1] as number;
			if (tl !== tl || tr !== tr || bl !== bl || br !== br) continue;
			if (mask && !(mask[i] && mask[i + 1] && mask[i + W] && mask[i + W + 1])) continue;
			const lo = Math.min(tl, tr, bl, br);
			const hi = Math.max(tl, tr, bl, br);
			// first level > lo
			let a = 0;
			let b = nL;
			while (a < b) {
				const m = (a + b) >> 1;
				if ((levels[m] as number) > lo) b = m;
				else a = m + 1;
			}
			const eTop = i * 2;
			const eBottom = (i + W) * 2;
			const eLeft = i * 2 + 1;
			const eRight = (i + 1) * 2 + 1;
			for (let k = a; k < nL && (levels[k] as number) <= hi; k++) {
				const L = levels[k] as number;
				const code = (tl >= L ? 8 : 0) | (tr >= L ? 4 : 0) | (br >= L ? 2 : 0) | (bl >= L ? 1 : 0);
				switch (code) {
					case 1:
					case 14:
						pushTo(segsByLevel, k, eLeft, eBottom);
						break;
					case 2:
					case 13:
						pushTo(segsByLevel, k, eBottom, eRight);
						break;
					case 3:
					case 12:
						pushTo(segsByLevel, k, eLeft, eRight);
						break;
					case 4:
					case 11:
						pushTo(segsByLevel, k, eTop, eRight);
						break;
					case 6:
					case 9:
						pushTo(segsByLevel, k, eTop, eBottom);
						break;
					case 7:
					case 8:
						pushTo(segsByLevel, k, eLeft, eTop);
						break;
					case 5:
					case 10: {
						const centreAbove = (tl + tr + bl + br) / 4 >= L;
						// code 5: tr & bl above; code 10: tl & br above
						const cutTlBr = (code === 5) === centreAbove;
						if (cutTlBr) {
							pushTo(segsByLevel, k, eLeft, eTop);
							pushTo(segsByLevel, k, eBottom, eRight);
						} else {
							pushTo(segsByLevel, k, eTop, eRight);
							pushTo(segsByLevel, k, eLeft, eBottom);
						}
						break;
					}
				}
			}
		}
	}

	const output = options.output ?? 'lonlat';
	const toCoord = (px: number, py: number): [number, number] =>
		output === 'pixel' ? [px, py] : output === 'map' ? pixelToMap(dem, px, py) : pixelToLonLat(dem, px, py);
	const edgePoint = (e: number, L: number): [number, number] => {
		const node = e >> 1;
		const r = Math.floor(node / W);
		const c = node - r * W;
		const v0 = data[node] as number;
		if ((e & 1) === 0) {
			const v1 = data[node + 1] as number;
			return toCoord(c + 0.5 + (L - v0) / (v1 - v0), r + 0.5);
		}
		const v1 = data[node + W] as number;
		return toCoord(c + 0.5, r + 0.5 + (L - v0) / (v1 - v0));
	};

	const features: Feature<LineString, ContourProperties>[] = [];
	const sortedKeys = [...segsByLevel.keys()].sort((x, y) => x - y);
	const tick2 = makeTicker(sortedKeys.length, options, 0.8, 1);
	sortedKeys.forEach((k, n) => {
		tick2(n);
		const segs = segsByLevel.get(k) as number[];
		const L = levels[k] as number;
		const nSeg = segs.length / 2;
		const first = new Map<number, number>();
		const second = new Map<number, number>();
		for (let s = 0; s < nSeg; s++) {
			for (const e of [segs[2 * s] as number, segs[2 * s + 1] as number]) {
				if (first.has(e)) second.set(e, s);
				else first.set(e, s);
			}
		}
		const used = new Uint8Array(nSeg);
		const other = (e: number, s: number): number => {
			const f = first.get(e);
			if (f !== undefined && f !== s) return f;
			const g = second.get(e);
			return g !== undefined && g !== s ? g : -1;
		};
		const walk = (s: number, fromEdge: number): number[] => {
			// returns edges after fromEdge, following segments
			const out: number[] = [];
			let e = fromEdge;
			let cur = s;
			for (;;) {
				const nxt = other(e, cur);
				if (nxt < 0 || used[nxt]) break;
				used[nxt] = 1;
				const a = segs[2 * nxt] as number;
				const b = segs[2 * nxt + 1] as number;
				const far = a === e ? b : a;
				out.push(far);
				e = far;
				cur = nxt;
			}
			return out;
		};
		for (let s = 0; s < nSeg; s++) {
			if (used[s]) continue;
			used[s] = 1;
			const a = segs[2 * s] as number;
			const b = segs[2 * s + 1] as number;
			const fwd = walk(s, b);
			const back = walk(s, a);
			const edges = [...back.reverse(), a, b, ...fwd];
			const coords = edges.map((e) => edgePoint(e, L));
			const kk = Math.round((L - baseM) / (options.intervalM ?? 1));
			features.push({
				type: 'Feature',
				properties: { elevationM: L, index: !options.levels && kk % indexEvery === 0 },
				geometry: { type: 'LineString', coordinates: coords }
			});
		}
	});
	options.onProgress?.(1);
	return { type: 'FeatureCollection', features };
}
