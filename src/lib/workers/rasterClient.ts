/**
 * Main-thread client of raster.worker.ts. Keeps one warm worker; every call returns a Promise and can
 * report progress. `cancel()` stops the running operation: with a SharedArrayBuffer flag when the page
 * is cross-origin isolated (the worker stays warm), otherwise by terminating the worker; the next call
 * starts a new worker and replays the last DEM load transparently. Pending calls reject with
 * RasterError code 'RASTER_CANCELLED'.
 */
import * as Comlink from 'comlink';
import type { LineString, MultiPolygon, Polygon } from 'geojson';
import type { ContourOptions } from '../geo/raster/contours';
import type { HillshadeOptions } from '../geo/raster/hillshade';
import type { HypsometricOptions } from '../geo/raster/hypsometric';
import type { ProfileOptions } from '../geo/raster/profile';
import type { SlopeUnit } from '../geo/raster/slope';
import type { SlopeClass } from '../geo/raster/slopeClasses';
import type { StreamOptions } from '../geo/raster/streams';
import { RasterError, type Dem, type DemInfo, type RunOptions } from '../geo/raster/types';
import type { ZanjaOptions } from '../geo/raster/zanjaPlanner';
import type { DemFile, LoadOptions, ProgressFn, RasterApi, WorkerWatershedOptions } from './raster.worker';

export interface WorkerHandle {
	endpoint: Comlink.Endpoint;
	terminate(): void;
}

export interface RasterClientOptions {
	/** Default: a module Web Worker on raster.worker.ts (Vite bundles it). */
	createWorker?: () => WorkerHandle;
	/** Use a SharedArrayBuffer cancel flag if available (default: when crossOriginIsolated). */
	sharedCancel?: boolean;
	/**
	 * Split hillshade and slope over a second worker (south half of the rows) that keeps its own copy
	 * of the DEM, sent once per DEM on first use. Default: when navigator.hardwareConcurrency ≥ 2.
	 */
	parallel?: boolean;
	/** Grids smaller than this many cells are not split (the copy would cost more). Default 250,000. */
	parallelMinCells?: number;
}

function defaultWorker(): WorkerHandle {
	const w = new Worker(new URL('./raster.worker.ts', import.meta.url), {
		type: 'module',
		name: 'yaku-raster'
	});
	return { endpoint: w, terminate: () => w.terminate() };
}

export function createRasterClient(options: RasterClientOptions = {}) {
	const make = options.createWorker ?? defaultWorker;
	const shared =
		options.sharedCancel ??
		(typeof SharedArrayBuffer !== 'undefined' &&
			(globalThis as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);
	let handle: WorkerHandle | null = null;
	let api: Comlink.Remote<RasterApi> | null = null;
	let flag: Int32Array | null = null;
	let replay: ((a: Comlink.Remote<RasterApi>) => Promise<unknown>) | null = null;
	const pending = new Set<(e: unknown) => void>();
	let restarts = 0;
	const parallel =
		options.parallel ??
		((globalThis as unknown as { navigator?: { hardwareConcurrency?: number } }).navigator
			?.hardwareConcurrency ?? 1) >= 2;
	const minCells = options.parallelMinCells ?? 250_000;
	// second worker for row splits; demVersion changes on every DEM load, the helper copies it lazily
	let helper: { handle: WorkerHandle; api: Comlink.Remote<RasterApi> } | null = null;
	let demVersion = 0;
	let helperVersion = -1;
	let lastInfo: { version: number; info: DemInfo } | null = null;

	async function ensureHelper(a: Comlink.Remote<RasterApi>): Promise<Comlink.Remote<RasterApi>> {
		if (!helper) {
			const h = make();
			helper = { handle: h, api: Comlink.wrap<RasterApi>(h.endpoint) };
			if (flag) await helper.api.setCancelFlag(flag.buffer as SharedArrayBuffer);
			helperVersion = -1;
		}
		const version = demVersion;
		if (helperVersion !== version) {
			const info = lastInfo?.info;
			if (!info) throw new RasterError('INVALID_PARAMETER', 'Primero cargue un DEM.');
			const data = await a.elevations();
			const { bbox: _b, bboxLonLat: _l, minM: _mi, maxM: _ma, validCells: _v, ...meta } = info;
			void [_b, _l, _mi, _ma, _v];
			await helper.api.setDem(Comlink.transfer({ ...meta, data }, [data.buffer]));
			helperVersion = version;
		}
		return helper.api;
	}
	function dropHelper() {
		helper?.handle.terminate();
		helper = null;
		helperVersion = -1;
	}

	/** Runs `op` on the main worker for rows [0, mid) and on the helper for [mid, H), then joins them. */
	function split<T extends Uint8ClampedArray | Float32Array>(
		whole: (a: Comlink.Remote<RasterApi>) => Promise<T>,
		top: (a: Comlink.Remote<RasterApi>, rows: [number, number]) => Promise<T>,
		bottom: (h: Comlink.Remote<RasterApi>, rows: [number, number]) => Promise<T>
	): Promise<T> {
		return call(async (a) => {
			const info = parallel && lastInfo?.version === demVersion ? lastInfo.info : null;
			if (!info || info.width * info.height < minCells || info.height < 8) return whole(a);
			const h = await ensureHelper(a);
			const mid = Math.floor(info.height / 2);
			const [north, south] = await Promise.all([top(a, [0, mid]), bottom(h, [mid, info.height])]);
			north.set(south, mid * info.width);
			return north;
		});
	}

	async function ensure(): Promise<Comlink.Remote<RasterApi>> {
		if (api) return api;
		handle = make();
		api = Comlink.wrap<RasterApi>(handle.endpoint);
		if (shared) {
			const sab = new SharedArrayBuffer(4);
			flag = new Int32Array(sab);
			await api.setCancelFlag(sab);
		}
		if (replay) await replay(api);
		return api;
	}

	function call<T>(fn: (a: Comlink.Remote<RasterApi>) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			pending.add(reject);
			ensure()
				.then((a) => fn(a))
				.then(resolve, (e: unknown) => {
					// errors cross the worker boundary as "[CODE] mensaje" (see withErrorCodes)
					const msg = e instanceof Error ? e.message : String(e);
					const m = /^\[([A-Z_]+)\] ([\s\S]*)$/.exec(msg);
					reject(m ? new RasterError(m[1] as RasterError['code'], m[2] as string) : e);
				})
				.finally(() => pending.delete(reject));
		});
	}
	const prog = (p?: ProgressFn) => (p ? Comlink.proxy(p) : undefined);

	return {
		/** Load .hgt tiles (merged) or one GeoTIFF; bytes are copied so a restart can replay them. */
		loadDemFiles(files: DemFile[], opts: LoadOptions = {}, progress?: ProgressFn) {
			const version = ++demVersion;
			const previous = { replay, version: version - 1 };
			replay = (a) => a.loadDemFiles(files, opts);
			return call((a) => a.loadDemFiles(files, opts, prog(progress))).then(
				(res) => {
					if (version === demVersion) lastInfo = { version, info: res.info };
					return res;
				},
				(e: unknown) => {
					// a file that cannot be read leaves the worker's DEM as it was: keep replaying that one
					if (version === demVersion) {
						replay = previous.replay;
						demVersion = previous.version;
					}
					throw e;
				}
			);
		},
		setDem(dem: Dem) {
			const version = ++demVersion;
			replay = (a) => a.setDem(dem);
			return call((a) => a.setDem(dem)).then((info) => {
				if (version === demVersion) lastInfo = { version, info };
				return info;
			});
		},
		info: () => call((a) => a.info()),
		elevations: () => call((a) => a.elevations()),
		hillshade: (o: Omit<HillshadeOptions, keyof RunOptions | 'rows' | 'out'> = {}, p?: ProgressFn) =>
			split(
				(a) => a.hillshade(o, prog(p)),
				(a, rows) => a.hillshade({ ...o, rows }, prog(p)),
				(h, rows) => h.band('hillshade', o, rows) as Promise<Uint8ClampedArray>
			),
		slope: (unit: SlopeUnit = 'degrees', p?: ProgressFn) =>
			split(
				(a) => a.slope(unit, prog(p)),
				(a, rows) => a.slope(unit, prog(p), rows),
				(h, rows) => h.band('slope', { unit }, rows) as Promise<Float32Array>
			),
		aspect: (p?: ProgressFn) => call((a) => a.aspect(prog(p))),
		slopeClasses: (classes?: SlopeClass[], p?: ProgressFn) => call((a) => a.slopeClasses(classes, prog(p))),
		hypsometric: (o: HypsometricOptions = {}) => call((a) => a.hypsometric(o)),
		terrainTile: (z: number, x: number, y: number, size = 256) => call((a) => a.terrainTile(z, x, y, size)),
		elevationAt: (lon: number, lat: number) => call((a) => a.elevationAt(lon, lat)),
		contours: (o: Omit<ContourOptions, keyof RunOptions | 'mask'> = {}, p?: ProgressFn) =>
			call((a) => a.contours(o, prog(p))),
		hydrology: (p?: ProgressFn) => call((a) => a.hydrology(prog(p))),
		streams: (o: Omit<StreamOptions, keyof RunOptions>, p?: ProgressFn) => call((a) => a.streams(o, prog(p))),
		watershed: (pour: [number, number], o: WorkerWatershedOptions = {}, p?: ProgressFn) =>
			call((a) => a.watershed(pour, o, prog(p))),
		profile: (line: LineString, o: ProfileOptions = {}) => call((a) => a.profile(line, o)),
		zanjas: (poly: Polygon | MultiPolygon, o: Omit<ZanjaOptions, keyof RunOptions> = {}, p?: ProgressFn) =>
			call((a) => a.zanjas(poly, o, prog(p))),
		/** Stops whatever is running; pending promises reject with RASTER_CANCELLED. */
		cancel(): void {
			if (pending.size === 0) return;
			if (flag) {
				Atomics.store(flag, 0, 1);
				return;
			}
			handle?.terminate();
			handle = null;
			api = null;
			dropHelper();
			restarts++;
			const err = new RasterError('RASTER_CANCELLED', 'Operación cancelada.');
			for (const rej of pending) rej(err);
			pending.clear();
		},
		/** How many times the worker was terminated by cancel() (for tests and diagnostics). */
		get restarts() {
			return restarts;
		},
		dispose(): void {
			dropHelper();
			handle?.terminate();
			handle = null;
			api = null;
		}
	};
}

export type RasterClient = ReturnType<typeof createRasterClient>;
