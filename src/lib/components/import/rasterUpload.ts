/**
 * Browser side of stored reference rasters: a GeoTIFF read by the import worker (`RasterData`) →
 * a web-ready image (WebP for RGB orthophotos, PNG for DEMs painted with the hypsometric ramp; ≤ 4096 px
 * a side, downsampled with a warning) → chunked upload (`/api/rasters/uploads`) → `POST /api/rasters`.
 * docs/import-export.md § Stored rasters.
 */
import type { ImportedLayer, RasterData } from '$lib/geo/import/types';
import { rasterRgba } from '$lib/map/imageOverlay';

export const MAX_SIDE_PX = 4096;

export interface EncodedRaster {
	blob: Blob;
	mime: 'image/png' | 'image/webp';
	width: number;
	height: number;
	downsampled: boolean;
}

/** Output size for a source size: the same aspect, at most `maxSide` on the longer side. */
export function targetSize(w: number, h: number, maxSide = MAX_SIDE_PX): { width: number; height: number } {
	const k = Math.min(1, maxSide / Math.max(w, h));
	return { width: Math.max(1, Math.round(w * k)), height: Math.max(1, Math.round(h * k)) };
}

function toBlob(c: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
	return new Promise((res, rej) =>
		c.toBlob((b) => (b ? res(b) : rej(new Error('canvas.toBlob'))), type, quality)
	);
}

export async function encodeRaster(r: RasterData, maxSide = MAX_SIDE_PX): Promise<EncodedRaster> {
	const full = document.createElement('canvas');
	full.width = r.width;
	full.height = r.height;
	full
		.getContext('2d')!
		.putImageData(new ImageData(new Uint8ClampedArray(rasterRgba(r)), r.width, r.height), 0, 0);
	const { width, height } = targetSize(r.width, r.height, maxSide);
	let out = full;
	if (width !== r.width || height !== r.height) {
		out = document.createElement('canvas');
		out.width = width;
		out.height = height;
		const ctx = out.getContext('2d')!;
		// photos are smoothed; a DEM keeps hard nodata edges
		ctx.imageSmoothingEnabled = r.kind === 'rgb';
		ctx.imageSmoothingQuality = 'high';
		ctx.drawImage(full, 0, 0, width, height);
	}
	let blob = r.kind === 'rgb' ? await toBlob(out, 'image/webp', 0.9) : null;
	// a browser without a WebP encoder answers PNG: that is fine too
	if (!blob || (blob.type !== 'image/webp' && blob.type !== 'image/png'))
		blob = await toBlob(out, 'image/png');
	const mime = blob.type === 'image/webp' ? 'image/webp' : 'image/png';
	return { blob, mime, width, height, downsampled: width !== r.width || height !== r.height };
}

export interface RasterSaveInput {
	name: string;
	sourceFile: string;
	provenance: { source?: string; producer?: string; licence?: string; date?: string; notes?: string };
	warnings?: { code: string; message: string }[];
}

/** The metadata body of `POST /api/rasters` (without uploadId); null when the raster cannot be placed. */
export function rasterSaveBody(layer: ImportedLayer, input: RasterSaveInput): Record<string, unknown> | null {
	const r = layer.raster;
	if (!r || !r.cornersWgs84 || !layer.crs.used) return null;
	const prov = Object.fromEntries(
		Object.entries(input.provenance)
			.map(([k, v]) => [k, (v ?? '').trim()])
			.filter(([, v]) => v)
	);
	const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : undefined);
	return {
		name: input.name.trim(),
		kind: r.kind,
		sourceFile: input.sourceFile,
		sourceFormat: 'geotiff',
		sourceCrs: layer.crs.used,
		corners: r.cornersWgs84,
		sourceBbox: r.bbox,
		sourceWidth: r.width,
		sourceHeight: r.height,
		bands: r.bands,
		resolution: [Math.abs(r.resolution[0]), Math.abs(r.resolution[1])],
		...(r.kind === 'dem' && finite(r.min) !== undefined ? { min: r.min } : {}),
		...(r.kind === 'dem' && finite(r.max) !== undefined ? { max: r.max } : {}),
		...(r.noData !== null && Number.isFinite(r.noData) ? { noData: r.noData } : {}),
		provenance: prov,
		warnings: (input.warnings ?? []).slice(0, 20)
	};
}

export interface ApiFailure {
	code: string;
	message: string;
}

async function failure(res: Response): Promise<ApiFailure> {
	try {
		const b = (await res.json()) as Partial<ApiFailure>;
		return { code: b.code ?? `HTTP_${res.status}`, message: b.message ?? res.statusText };
	} catch {
		return { code: `HTTP_${res.status}`, message: res.statusText };
	}
}

/**
 * Uploads the image in parts (size chosen by the server, ≤ 512 KiB) and creates the raster.
 * Resolves to the created raster (GET /api/rasters item); rejects with an ApiFailure.
 */
export async function uploadRaster(
	img: EncodedRaster,
	body: Record<string, unknown>,
	opts: { onProgress?: (f: number) => void; signal?: AbortSignal; fetch?: typeof fetch } = {}
): Promise<Record<string, unknown> & { id: string }> {
	const f = opts.fetch ?? fetch;
	const json = { 'content-type': 'application/json' };
	const start = await f('/api/rasters/uploads', {
		method: 'POST',
		headers: json,
		body: JSON.stringify({ bytes: img.blob.size }),
		signal: opts.signal
	});
	if (start.status !== 201) throw await failure(start);
	const { uploadId, chunkBytes } = (await start.json()) as { uploadId: string; chunkBytes: number };
	try {
		for (let off = 0; off < img.blob.size; off += chunkBytes) {
			const part = img.blob.slice(off, Math.min(img.blob.size, off + chunkBytes));
			const res = await f(`/api/rasters/uploads/${uploadId}?offset=${off}`, {
				method: 'PUT',
				headers: { 'content-type': 'application/octet-stream' },
				body: part,
				signal: opts.signal
			});
			if (res.status !== 200) throw await failure(res);
			opts.onProgress?.(Math.min(1, (off + part.size) / img.blob.size));
		}
		const res = await f('/api/rasters', {
			method: 'POST',
			headers: json,
			body: JSON.stringify({ ...body, uploadId }),
			signal: opts.signal
		});
		if (res.status !== 201) throw await failure(res);
		return ((await res.json()) as { raster: Record<string, unknown> & { id: string } }).raster;
	} catch (e) {
		void f(`/api/rasters/uploads/${uploadId}`, { method: 'DELETE' }).catch(() => {});
		if (e instanceof Error && e.name === 'AbortError')
			throw { code: 'RASTER_UPLOAD_CANCELLED', message: 'Subida cancelada.' } satisfies ApiFailure;
		throw e;
	}
}
