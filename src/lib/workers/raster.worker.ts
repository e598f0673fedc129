/**
 * Raster Web Worker: holds ONE DEM and its flow grids warm and runs every terrain/hydrology analysis
 * off the main thread (Comlink). Results are transferred, not copied. Progress goes through a proxied
 * callback; cancellation through a SharedArrayBuffer flag when the page is cross-origin isolated,
 * otherwise rasterClient terminates the worker (see docs/terrain.md).
 */
import * as Comlink from 'comlink';
import type { FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import { aspect } from '../geo/raster/aspect';
import { demBbox, demBboxLonLat, lonLatToPixel, sampleBilinear } from '../geo/raster/coords';
import { encodeTerrarium, sampleTile } from '../geo/raster/demTile';
import { contours, type ContourOptions } from '../geo/raster/contours';
import { edgeStreamOutlets } from '../geo/raster/edgeStreamOutlets';
import { flowAccumulation } from '../geo/raster/flowAccumulation';
import { flowRouting } from '../geo/raster/flowRouting';
import { hillshade, type HillshadeOptions } from '../geo/raster/hillshade';
import { elevationRange, hypsometric, type HypsometricOptions } from '../geo/raster/hypsometric';
import { mergeDems } from '../geo/raster/mergeDems';
import { elevationProfile, type ProfileOptions } from '../geo/raster/profile';
import { readGeoTiff } from '../geo/raster/readGeoTiff';
import { readHgt } from '../geo/raster/readHgt';
import { downsample, downsampleFactor } from '../geo/raster/resample';
import { slope, type SlopeUnit } from '../geo/raster/slope';
import { DEFAULT_SLOPE_CLASSES, slopeClasses, type SlopeClass } from '../geo/raster/slopeClasses';
import { streams, streamThresholdCells, type StreamOptions } from '../geo/raster/streams';
import { RasterError, type Dem, type DemInfo, type RunOptions } from '../geo/raster/types';
import { watershed, type WatershedOptions } from '../geo/raster/watershed';
import { zanjaPlanner, type ZanjaOptions } from '../geo/raster/zanjaPlanner';

export type ProgressFn = (fraction: number, stage: string) => void;

export interface DemFile {
	name: string;
	bytes: ArrayBuffer | Uint8Array;
}

/**
 * Watershed options of the worker: the geo options plus the stream threshold of the streams the user sees
 * (`thresholdCells`, or `thresholdHa` as in streams()). With a threshold the basin follows the same drainage as
 * those streams — edge cells that collect a stream drain out of the DEM (edgeStreamOutlets, like r.watershed's
 * drainage map at that threshold, which r.water.outlet follows). Without one (older callers) it follows the
 * threshold-independent drainage of flowRouting.
 */
export interface WorkerWatershedOptions extends WatershedOptions {
	thresholdCells?: number;
	thresholdHa?: number;
}

export interface LoadOptions {
	/** DEMs with more cells are downsampled with a warning. Default 25,000,000. */
	maxCells?: number;
}

export function demInfo(dem: Dem): DemInfo {
	const { minM, maxM } = elevationRange(dem.data);
	let valid = 0;
	for (let i = 0; i < dem.data.length; i++) if (dem.data[i] === dem.data[i]) valid++;
	const { data: _data, ...rest } = dem;
	void _data;
	return { ...rest, bbox: demBbox(dem), bboxLonLat: demBboxLonLat(dem), minM, maxM, validCells: valid };
}

/** Reads .hgt/.hgt.gz/.hgt.zip (several tiles are merged) or one GeoTIFF. */
export async function readDemFiles(
	files: DemFile[],
	options: LoadOptions & RunOptions = {}
): Promise<{ dem: Dem; warnings: string[] }> {
	if (files.length === 0) throw new RasterError('INVALID_PARAMETER', 'No se recibió ningún archivo DEM.');
	const maxCells = options.maxCells ?? 25_000_000;
	const bytesOf = (f: DemFile) => (f.bytes instanceof Uint8Array ? f.bytes : new Uint8Array(f.bytes));
	const isHgt = (n: string) => /\.hgt(\.gz|\.zip)?$/i.test(n);
	if (files.every((f) => isHgt(f.name))) {
		const tiles = [];
		for (const f of files) tiles.push(await readHgt(bytesOf(f), f.name));
		let dem = mergeDems(tiles);
		const warnings: string[] = [];
		const k = downsampleFactor(dem.width, dem.height, maxCells);
		if (k > 1) {
			warnings.push(
				`El DEM de ${dem.width}×${dem.height} celdas se remuestreó ×${k} para no bloquear el navegador.`
			);
			dem = downsample(dem, k);
		}
		return { dem, warnings };
	}
	if (files.length > 1)
		throw new RasterError(
			'DEM_UNSUPPORTED',
			'Solo se pueden unir varios archivos .hgt; cargue un GeoTIFF a la vez.'
		);
	const f = files[0] as DemFile;
	// the bytes arrived by structured clone/transfer and are not kept: the DEM may share them
	return readGeoTiff(bytesOf(f), {
		zeroCopy: true,
		name: f.name,
		maxCells,
		onProgress: options.onProgress,
		shouldCancel: options.shouldCancel
	});
}

export function createRasterApi() {
	let dem: Dem | null = null;
	let flow: { filled: Float32Array; dir: Uint8Array; acc: Uint32Array } | null = null;
	let cancelFlag: Int32Array | null = null;
	// drainage with edge stream cells turned out, for the last threshold (cleared with `flow`)
	let edgeDir: { thresholdCells: number; dir: Uint8Array } | null = null;

	const need = (): Dem => {
		if (!dem) throw new RasterError('INVALID_PARAMETER', 'Primero cargue un DEM.');
		return dem;
	};
	const run = (progress?: ProgressFn, stage = '', from = 0, to = 1): RunOptions => {
		if (cancelFlag) Atomics.store(cancelFlag, 0, 0);
		let last = -1;
		return {
			shouldCancel: () => (cancelFlag ? Atomics.load(cancelFlag, 0) === 1 : false),
			onProgress: progress
				? (f) => {
						const v = from + (to - from) * f;
						if (v - last >= 0.02 || f === 1) {
							last = v;
							void progress(v, stage);
						}
					}
				: undefined
		};
	};
	const ensureFlow = (progress?: ProgressFn) => {
		const d = need();
		if (flow) return flow;
		// fill + D8 in one least-cost search (GRASS r.watershed-like routing, docs/terrain.md "Correctness")
		const routing = flowRouting(d, run(progress, 'fill', 0, 0.75));
		const { filled, dir } = routing;
		// edge cells pass no flow (r.watershed's accumulation): no artificial streams along the DEM edge;
		// one pass in the search's expansion order (reverse topological order)
		const acc = flowAccumulation(d, dir, {
			...run(progress, 'flowAccumulation', 0.75, 1),
			edgeFlow: false,
			order: routing
		});
		flow = { filled, dir, acc };
		edgeDir = null;
		return flow;
	};
	/** flow.dir as the streams of `thresholdCells` drain (r.watershed's drainage at that threshold). */
	const drainageFor = (thresholdCells: number): Uint8Array => {
		const f = ensureFlow();
		if (!(thresholdCells >= 1)) return f.dir;
		if (edgeDir?.thresholdCells !== thresholdCells)
			edgeDir = { thresholdCells, dir: edgeStreamOutlets(need(), f.dir, f.acc, thresholdCells) };
		return edgeDir.dir;
	};
	const transfer = <T extends ArrayBufferView>(a: T) => Comlink.transfer(a, [a.buffer as ArrayBuffer]);

	return {
		/** Optional: a SharedArrayBuffer(4) the client sets to 1 to cancel (cross-origin isolated pages). */
		setCancelFlag(sab: SharedArrayBuffer) {
			cancelFlag = new Int32Array(sab);
		},
		async loadDemFiles(files: DemFile[], options: LoadOptions = {}, progress?: ProgressFn) {
			const res = await readDemFiles(files, { ...options, ...run(progress, 'read') });
			dem = res.dem;
			flow = null;
			return { info: demInfo(dem), warnings: res.warnings };
		},
		setDem(d: Dem) {
			dem = d;
			flow = null;
			return demInfo(d);
		},
		info(): DemInfo | null {
			return dem ? demInfo(dem) : null;
		},
		/** A copy of the elevations (for the map / cursor readout on the main thread). */
		elevations() {
			return transfer(new Float32Array(need().data));
		},
		hillshade(options: Omit<HillshadeOptions, keyof RunOptions> = {}, progress?: ProgressFn) {
			return transfer(hillshade(need(), { ...options, ...run(progress, 'hillshade') }));
		},
		slope(unit: SlopeUnit = 'degrees', progress?: ProgressFn, rows?: [number, number]) {
			return transfer(slope(need(), { unit, rows, ...run(progress, 'slope') }));
		},
		/**
		 * Rows [r0, r1) only of hillshade or slope, as a (r1−r0)·width array: computed on a row view of
		 * the DEM with one extra row each side, so values equal the whole-grid ones. rasterClient's
		 * second worker runs the south half with it.
		 */
		band(
			op: 'hillshade' | 'slope',
			options: Omit<HillshadeOptions, keyof RunOptions | 'rows' | 'out'> & { unit?: SlopeUnit },
			rows: [number, number]
		) {
			const d = need();
			const W = d.width;
			const r0 = Math.max(0, rows[0] - 1);
			const r1 = Math.min(d.height, rows[1] + 1);
			const t = d.transform;
			const sub: Dem = {
				...d,
				height: r1 - r0,
				data: d.data.subarray(r0 * W, r1 * W),
				transform: [t[0], t[1], t[2], t[3] + r0 * t[5], t[4], t[5]]
			};
			const local: [number, number] = [rows[0] - r0, rows[1] - r0];
			const full =
				op === 'hillshade'
					? hillshade(sub, { ...options, rows: local, ...run(undefined, op) })
					: slope(sub, { unit: options.unit, rows: local, ...run(undefined, op) });
			return transfer(full.slice(local[0] * W, local[1] * W));
		},
		aspect(progress?: ProgressFn) {
			return transfer(aspect(need(), run(progress, 'aspect')));
		},
		slopeClasses(classes: SlopeClass[] = [...DEFAULT_SLOPE_CLASSES], progress?: ProgressFn) {
			return transfer(slopeClasses(slope(need(), { unit: 'percent', ...run(progress, 'slope') }), classes));
		},
		/** Terrarium-encoded RGBA of Web-Mercator tile z/x/y (for a raster-dem custom protocol). */
		terrainTile(z: number, x: number, y: number, size = 256) {
			return transfer(encodeTerrarium(sampleTile(need(), z, x, y, size)));
		},
		/** Elevation (m) at lon/lat, bilinear; null outside or on nodata (cursor readout). */
		elevationAt(lon: number, lat: number) {
			const d = need();
			const [px, py] = lonLatToPixel(d, lon, lat);
			const v = sampleBilinear(d, px, py);
			return Number.isFinite(v) ? v : null;
		},
		hypsometric(options: HypsometricOptions = {}) {
			return transfer(hypsometric(need().data, options));
		},
		contours(options: Omit<ContourOptions, keyof RunOptions | 'mask'> = {}, progress?: ProgressFn) {
			return contours(need(), { ...options, ...run(progress, 'contours') });
		},
		/** Fill + D8 + accumulation, cached until the DEM changes. */
		hydrology(progress?: ProgressFn) {
			const f = ensureFlow(progress);
			let max = 0;
			for (let i = 0; i < f.acc.length; i++) if ((f.acc[i] as number) > max) max = f.acc[i] as number;
			return { maxAccumulation: max };
		},
		flowGrids() {
			const f = ensureFlow();
			return { filled: new Float32Array(f.filled), dir: new Uint8Array(f.dir), acc: new Uint32Array(f.acc) };
		},
		/** Streams ≥ threshold; where they reach the DEM edge (or nodata) they leave it, as in r.watershed. */
		streams(options: Omit<StreamOptions, keyof RunOptions>, progress?: ProgressFn) {
			const f = ensureFlow(progress);
			const res = streams(need(), drainageFor(streamThresholdCells(need(), options)), f.acc, {
				...options,
				...run(progress, 'streams')
			});
			return {
				lines: res.lines as FeatureCollection<LineString>,
				thresholdCells: res.thresholdCells,
				maxOrder: res.maxOrder
			};
		},
		/** Basin of a pour point; pass the streams' threshold to follow their drainage (WorkerWatershedOptions). */
		watershed(pour: [number, number], options: WorkerWatershedOptions = {}, progress?: ProgressFn) {
			const f = ensureFlow(progress);
			const { thresholdCells: _c, thresholdHa: _h, ...geo } = options;
			void _c;
			void _h;
			const res = watershed(need(), drainageFor(streamThresholdCells(need(), options)), f.acc, pour, geo);
			return { polygon: res.polygon, stats: res.stats };
		},
		profile(line: LineString, options: ProfileOptions = {}) {
			return elevationProfile(need(), line, options);
		},
		zanjas(
			polygon: Polygon | MultiPolygon,
			options: Omit<ZanjaOptions, keyof RunOptions> = {},
			progress?: ProgressFn
		) {
			return zanjaPlanner(need(), polygon, { ...options, ...run(progress, 'zanjas') });
		}
	};
}

export type RasterApi = ReturnType<typeof createRasterApi>;

/**
 * Comlink forwards only name/message/stack of thrown errors, so the stable code is carried in the
 * message as "[CODE] mensaje" and restored by rasterClient.
 */
export function withErrorCodes<T extends object>(api: T): T {
	const out: Record<string, unknown> = {};
	for (const [k, fn] of Object.entries(api)) {
		if (typeof fn !== 'function') continue;
		out[k] = async (...args: unknown[]) => {
			try {
				return await (fn as (...a: unknown[]) => unknown)(...args);
			} catch (e) {
				const code = (e as { code?: string }).code;
				throw new Error(code ? `[${code}] ${(e as Error).message}` : String((e as Error)?.message ?? e), {
					cause: e
				});
			}
		};
	}
	return out as T;
}

// Expose only inside a dedicated worker (not when imported by tests or the node benchmark).
const g = globalThis as unknown as { WorkerGlobalScope?: unknown; postMessage?: unknown };
if (typeof g.WorkerGlobalScope !== 'undefined' && typeof g.postMessage === 'function') {
	Comlink.expose(withErrorCodes(createRasterApi()));
}
