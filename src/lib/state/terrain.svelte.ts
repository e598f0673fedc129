import { createRasterClient, type RasterClient } from '$lib/workers/rasterClient';
import { packDem, unpackDem } from '$lib/geo/raster/demPack';
import { crop, downsample } from '$lib/geo/raster/resample';
import { lonLatToPixel } from '$lib/geo/raster/coords';
import { RasterError, type Dem, type DemInfo } from '$lib/geo/raster/types';

export interface DemRecordInfo {
	name: string;
	source: string;
	synthetic: boolean;
	note?: string;
	width: number;
	height: number;
	crs: number;
	cellSizeM: { x: number; y: number };
	bboxLonLat: [number, number, number, number];
	uploadedAt: string;
	uploadedBy?: string;
}

/** Largest packed DEM sent to the server (the API's body cap is 512 KiB). */
const MAX_UPLOAD_BYTES = 500 * 1024;

/**
 * The installation's DEM on the client: two warm workers — one serves map tiles and the cursor elevation, the other
 * runs the analyses (so a long flow accumulation never stalls the map).
 */
export class TerrainState {
	record = $state.raw<DemRecordInfo | null>(null);
	info = $state.raw<DemInfo | null>(null);
	status = $state<'idle' | 'none' | 'loading' | 'ready' | 'error'>('idle');
	message = $state<string | null>(null);
	progress = $state<number | null>(null);
	stage = $state('');
	tiles: RasterClient | null = null;
	private cancelRequested = false;
	analysis: RasterClient | null = null;

	private clients(): { tiles: RasterClient; analysis: RasterClient } {
		this.tiles ??= createRasterClient();
		this.analysis ??= createRasterClient();
		return { tiles: this.tiles, analysis: this.analysis };
	}

	async load(): Promise<void> {
		this.status = 'loading';
		try {
			const res = await fetch('/api/dem/info');
			if (!res.ok) throw new Error(`HTTP ${res.status}`);
			const { dem: record } = (await res.json()) as { dem: DemRecordInfo | null };
			if (!record) {
				this.status = 'none';
				this.record = null;
				return;
			}
			this.record = record;
			const bin = await fetch('/api/dem');
			if (!bin.ok) throw new Error(`HTTP ${bin.status}`);
			const dem = unpackDem(new Uint8Array(await bin.arrayBuffer()));
			const { tiles, analysis } = this.clients();
			const [info] = await Promise.all([tiles.setDem(dem), analysis.setDem(dem)]);
			this.info = info;
			this.status = 'ready';
		} catch (e) {
			this.status = 'error';
			this.message = e instanceof Error ? e.message : String(e);
		}
	}

	/**
	 * Reads the admin's files in the worker, crops them to `focus` (the district, with a margin) when they cover it,
	 * packs them (downsampling if needed to fit the upload cap) and stores them on the server.
	 */
	async upload(files: File[], focus?: [number, number, number, number]): Promise<void> {
		this.message = null;
		this.progress = 0;
		let workerReplaced = false;
		this.cancelRequested = false;
		const stopIfCancelled = () => {
			if (this.cancelRequested) throw new RasterError('RASTER_CANCELLED', 'Operación cancelada.');
		};
		try {
			const { analysis } = this.clients();
			const input = await Promise.all(
				files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() }))
			);
			stopIfCancelled();
			const { info, warnings } = await analysis.loadDemFiles(input, { maxCells: 30_000_000 }, (f, stage) => {
				this.progress = f;
				this.stage = stage;
			});
			workerReplaced = true;
			if (!info) throw new Error('DEM vacío');
			const data = await analysis.elevations();
			let full: Dem = { ...info, data } as Dem;
			// never present generated test terrain as real: the file names say SYNTHETIC
			if (files.some((f) => /synthetic|sint[eé]tico/i.test(f.name)))
				full = {
					...full,
					metadata: { ...full.metadata, synthetic: true, source: `SYNTHETIC — ${full.metadata.source}` }
				};
			const notes: string[] = [];
			if (focus) {
				const m = 0.02; // ~2 km margin
				const corners = [
					lonLatToPixel(full, focus[0] - m, focus[3] + m),
					lonLatToPixel(full, focus[2] + m, focus[1] - m)
				];
				const c0 = Math.max(0, Math.floor(Math.min(corners[0]![0], corners[1]![0])));
				const r0 = Math.max(0, Math.floor(Math.min(corners[0]![1], corners[1]![1])));
				const c1 = Math.min(full.width, Math.ceil(Math.max(corners[0]![0], corners[1]![0])));
				const r1 = Math.min(full.height, Math.ceil(Math.max(corners[0]![1], corners[1]![1])));
				if (c1 - c0 > 10 && r1 - r0 > 10 && (c1 - c0 < full.width || r1 - r0 < full.height)) {
					full = crop(full, [c0, r0, c1, r1]);
					notes.push(`recortado al distrito (${full.width}×${full.height})`);
				} else if (!(c1 - c0 > 10 && r1 - r0 > 10))
					notes.push('el DEM no cubre el distrito: se guarda completo');
			}
			let dem = full;
			let packed = packDem(dem);
			for (let f = 2; packed.length > MAX_UPLOAD_BYTES && f <= 32; f *= 2) {
				dem = downsample(full, f);
				packed = packDem(dem);
				notes.push(`remuestreado ×${f}`);
			}
			if (notes.length) {
				dem = { ...dem, metadata: { ...dem.metadata, note: notes.join('; ') } };
				packed = packDem(dem);
			}
			if (packed.length > MAX_UPLOAD_BYTES)
				throw new Error('El DEM es demasiado grande incluso remuestreado.');
			stopIfCancelled(); // a cancel between the worker's steps (reading the files, packing) also stops it
			const res = await fetch('/api/dem', {
				method: 'PUT',
				headers: { 'content-type': 'application/octet-stream' },
				body: packed as Uint8Array<ArrayBuffer>
			});
			const body = await res.json().catch(() => ({}));
			if (!res.ok) throw new Error(`${body.message ?? res.status} (${body.code ?? res.status})`);
			this.message = warnings.length
				? warnings
						.map((w: { message?: string } | string) => (typeof w === 'string' ? w : (w.message ?? '')))
						.join(' ')
				: null;
			await this.load();
		} catch (e) {
			// "mensaje (CODIGO)": the worker's RasterError codes (DEM_PARSE_ERROR…) and the API's are stable
			const code = (e as { code?: string }).code;
			const msg = e instanceof Error ? e.message : String(e);
			this.message = code && !msg.includes(code) ? `${msg} (${code})` : msg;
			this.status = this.record ? 'ready' : 'none';
			// the analysis worker read the new file but it was not stored: back to the installation's DEM
			if (workerReplaced && this.record) {
				const message = this.message;
				await this.load();
				this.message = message;
			}
		} finally {
			this.progress = null;
		}
	}

	cancel(): void {
		this.cancelRequested = true;
		this.analysis?.cancel();
	}

	dispose(): void {
		this.tiles?.dispose();
		this.analysis?.dispose();
	}
}
