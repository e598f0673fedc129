import { describe, expect, it } from 'vitest';
import {
	rasterSaveBody,
	targetSize,
	uploadRaster,
	type EncodedRaster
} from '$lib/components/import/rasterUpload';
import type { ImportedLayer } from '$lib/geo/import/types';

describe('rasterUpload', () => {
	it('targetSize keeps the aspect and caps the longer side at 4096', () => {
		expect(targetSize(100, 50)).toEqual({ width: 100, height: 50 });
		expect(targetSize(10000, 5000)).toEqual({ width: 4096, height: 2048 });
		expect(targetSize(3, 9000)).toEqual({ width: 1, height: 4096 });
	});

	it('rasterSaveBody needs corners and a CRS; sends only non-empty provenance', () => {
		const layer = {
			name: 'o',
			format: 'geotiff',
			crs: { used: 'EPSG:32719', confirmed: true },
			features: [],
			invalid: [],
			fields: [],
			raster: {
				width: 32,
				height: 24,
				bands: 3,
				kind: 'rgb',
				bbox: [1, 2, 3, 4],
				resolution: [0.5, -0.5],
				noData: null,
				sampleType: 'uint8',
				cornersWgs84: [
					[0, 1],
					[1, 1],
					[1, 0],
					[0, 0]
				]
			}
		} as unknown as ImportedLayer;
		const b = rasterSaveBody(layer, {
			name: ' Orto ',
			sourceFile: 'o.tif',
			provenance: { source: 'dron', date: ' ' }
		});
		expect(b).toMatchObject({
			name: 'Orto',
			kind: 'rgb',
			sourceCrs: 'EPSG:32719',
			resolution: [0.5, 0.5],
			provenance: { source: 'dron' }
		});
		expect(b).not.toHaveProperty('noData');
		expect(
			rasterSaveBody(
				{ ...layer, crs: { used: null, confirmed: false } },
				{ name: 'x', sourceFile: 'o', provenance: {} }
			)
		).toBeNull();
	});

	it('uploads in server-sized parts with offsets, then creates; cleans up on failure', async () => {
		const blob = new Blob([new Uint8Array(2500)]);
		const img: EncodedRaster = { blob, mime: 'image/png', width: 1, height: 1, downsampled: false };
		const seen: string[] = [];
		const ok = (async (url: string, init?: RequestInit) => {
			seen.push(`${init?.method} ${url}`);
			if (url === '/api/rasters/uploads')
				return new Response(JSON.stringify({ uploadId: 'u1', chunkBytes: 1000 }), { status: 201 });
			if (init?.method === 'PUT') return new Response('{}', { status: 200 });
			if (url === '/api/rasters')
				return new Response(JSON.stringify({ raster: { id: 'r1' } }), { status: 201 });
			return new Response(null, { status: 204 });
		}) as typeof fetch;
		const progress: number[] = [];
		const r = await uploadRaster(img, { name: 'x' }, { fetch: ok, onProgress: (f) => progress.push(f) });
		expect(r.id).toBe('r1');
		expect(seen).toEqual([
			'POST /api/rasters/uploads',
			'PUT /api/rasters/uploads/u1?offset=0',
			'PUT /api/rasters/uploads/u1?offset=1000',
			'PUT /api/rasters/uploads/u1?offset=2000',
			'POST /api/rasters'
		]);
		expect(progress.at(-1)).toBe(1);

		seen.length = 0;
		const bad = (async (url: string, init?: RequestInit) => {
			seen.push(`${init?.method} ${url}`);
			if (url === '/api/rasters/uploads')
				return new Response(JSON.stringify({ uploadId: 'u2', chunkBytes: 5000 }), { status: 201 });
			if (init?.method === 'PUT') return new Response('{}', { status: 200 });
			return new Response(JSON.stringify({ code: 'RASTER_IMAGE_INVALID', message: 'La imagen…' }), {
				status: 422
			});
		}) as typeof fetch;
		await expect(uploadRaster(img, {}, { fetch: bad })).rejects.toMatchObject({
			code: 'RASTER_IMAGE_INVALID'
		});
		expect(seen.at(-1)).toBe('DELETE /api/rasters/uploads/u2');
	});
});
