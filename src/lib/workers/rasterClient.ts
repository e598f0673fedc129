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
import { RasterError, type Dem, type RunOptions } from '../geo/raster/types';
import type { WatershedOptions } from '../geo/raster/watershed';
import type { ZanjaOptions } from '../geo/raster/zanjaPlanner';
import type { DemFile, LoadOptions, ProgressFn, RasterApi } from './raster.worker';

export interface WorkerHandle {
	endpoint: Comlink.Endpoint;
	terminate(): void;
}

export interface RasterClientOptions {
	/** Default: a module Web Worker on raster.worker.ts (Vite bundles it). */
	createWorker?: () => WorkerHandle;
	/** Use a SharedArrayBuffer cancel flag if available (default: when crossOriginIsolated). */
	sharedCancel?: boolean;
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
			replay = (a) => a.loadDemFiles(files, opts);
			return call((a) => a.loadDemFiles(files, opts, prog(progress)));
		},
		setDem(dem: Dem) {
			replay = (a) => a.setDem(dem);
			return call((a) => a.setDem(dem));
		},
		info: () => call((a) => a.info()),
		elevations: () => call((a) => a.elevations()),
		hillshade: (o: Omit<HillshadeOptions, keyof RunOptions> = {}, p?: ProgressFn) =>
			call((a) => a.hillshade(o, prog(p))),
		slope: (unit: SlopeUnit = 'degrees', p?: ProgressFn) => call((a) => a.slope(unit, prog(p))),
		aspect: (p?: ProgressFn) => call((a) => a.aspect(prog(p))),
		slopeClasses: (classes?: SlopeClass[], p?: ProgressFn) => call((a) => a.slopeClasses(classes, prog(p))),
		hypsometric: (o: HypsometricOptions = {}) => call((a) => a.hypsometric(o)),
		terrainTile: (z: number, x: number, y: number, size = 256) => call((a) => a.terrainTile(z, x, y, size)),
		elevationAt: (lon: number, lat: number) => call((a) => a.elevationAt(lon, lat)),
		contours: (o: Omit<ContourOptions, keyof RunOptions | 'mask'> = {}, p?: ProgressFn) =>
			call((a) => a.contours(o, prog(p))),
		hydrology: (p?: ProgressFn) => call((a) => a.hydrology(prog(p))),
		streams: (o: Omit<StreamOptions, keyof RunOptions>, p?: ProgressFn) => call((a) => a.streams(o, prog(p))),
		watershed: (pour: [number, number], o: WatershedOptions = {}, p?: ProgressFn) =>
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
			handle?.terminate();
			handle = null;
			api = null;
		}
	};
}

export type RasterClient = ReturnType<typeof createRasterClient>;
