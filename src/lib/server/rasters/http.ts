/**
 * HTTP handlers of stored reference rasters (issue 6). docs/import-export.md § Stored rasters.
 * Upload protocol (works with the default 512 KiB body cap): POST /api/rasters/uploads {bytes} →
 * PUT /api/rasters/uploads/:uploadId?offset=N (octet-stream parts ≤ chunkBytes) → POST /api/rasters
 * {uploadId, name, …metadata} creates the raster (ONE audit entry `raster.create`).
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { requireCapability } from '../auth/handle';
import { auditContext } from '../audit/context';
import { ApiError } from '../http/errors';
import { readBodyBytes, readJson } from '../http/body';
import { parseOr400 } from '../schemas/common';
import { getRepository } from '../repo';
import { crsDef, parseEpsg, unproject } from '$lib/geo/crs';
import { bboxCornersLonLat, imageQuadErrorM } from '$lib/geo/imageQuadErrorM';
import {
	RASTER_ID,
	appendChunk,
	chunkBytes,
	dropUpload,
	getUpload,
	imagePath,
	maxRasterBytes,
	newRasterId,
	publishUpload,
	readUpload,
	startUpload,
	tooLarge
} from './files';
import { MAX_SIDE_PX, looksLikeImage, sniffImage } from './image';
import type { Corners, RasterMetadata, RasterRecord } from './types';

const num = z.number().finite();
const lonLat = z.tuple([num.min(-180).max(180), num.min(-85.06).max(85.06)]);
const text = (max: number) => z.string().trim().min(1).max(max);

const createSchema = z
	.object({
		uploadId: z.string().regex(/^u[0-9a-f]{24}$/),
		name: text(200),
		kind: z.enum(['rgb', 'dem']),
		sourceFile: text(255),
		sourceFormat: z.literal('geotiff').default('geotiff'),
		sourceCrs: z
			.string()
			.max(64)
			.regex(/^(EPSG:\d{4,5}|PRJ:[^\n]{1,59})$/),
		corners: z.tuple([lonLat, lonLat, lonLat, lonLat]),
		sourceBbox: z.tuple([num, num, num, num]).optional(),
		sourceWidth: z.number().int().min(1).max(1_000_000),
		sourceHeight: z.number().int().min(1).max(1_000_000),
		bands: z.number().int().min(1).max(64),
		resolution: z.tuple([num.positive().max(1e6), num.positive().max(1e6)]),
		min: num.optional(),
		max: num.optional(),
		noData: num.nullable().optional(),
		provenance: z
			.object({
				source: z.string().trim().max(500).optional(),
				producer: z.string().trim().max(500).optional(),
				licence: z.string().trim().max(500).optional(),
				date: z.string().trim().max(40).optional(),
				notes: z.string().trim().max(2000).optional()
			})
			.strict()
			.default({}),
		warnings: z
			.array(z.object({ code: z.string().max(64), message: z.string().max(1000) }).strict())
			.max(20)
			.default([])
	})
	.strict();

/** Largest extent a reference raster may span (degrees): the microcuenca is ~0.1°; Peru-wide is not a use. */
export const MAX_SPAN_DEG = 5;
/** How far the declared corners may be from the corners the server computes from sourceBbox + sourceCrs. */
const CORNER_TOLERANCE_M = 5;

const invalidPlace = (msg: string) => new ApiError(422, 'RASTER_GEOREF_INVALID', msg);

function cross(o: readonly number[], a: readonly number[], b: readonly number[]) {
	return (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);
}

/** Convex, non-degenerate, clockwise-or-counter quad with a sane extent. */
function checkCorners(c: Corners): [number, number, number, number] {
	const signs = c.map((p, i) => Math.sign(cross(p, c[(i + 1) % 4]!, c[(i + 2) % 4]!)));
	if (signs.some((s) => s === 0) || !signs.every((s) => s === signs[0]))
		throw invalidPlace('Las 4 esquinas no forman un cuadrilátero convexo.');
	const lons = c.map((p) => p[0]);
	const lats = c.map((p) => p[1]);
	const bbox: [number, number, number, number] = [
		Math.min(...lons),
		Math.min(...lats),
		Math.max(...lons),
		Math.max(...lats)
	];
	if (bbox[2] - bbox[0] > MAX_SPAN_DEG || bbox[3] - bbox[1] > MAX_SPAN_DEG)
		throw invalidPlace(`El ráster abarca más de ${MAX_SPAN_DEG}° (no es una capa de referencia local).`);
	return bbox;
}

function distM(a: readonly number[], b: readonly number[]): number {
	const k = Math.cos((((a[1]! + b[1]!) / 2) * Math.PI) / 180);
	return 6371008.8 * ((Math.PI / 180) * Math.hypot((b[0]! - a[0]!) * k, b[1]! - a[1]!));
}

/** Checks the declared corners against sourceBbox + sourceCrs and measures the 4-corner placement error. */
function georef(body: z.infer<typeof createSchema>): number | null {
	const epsg = parseEpsg(body.sourceCrs.replace(/^EPSG:/, ''));
	if (!body.sourceBbox || epsg === null || !crsDef(epsg)) return null;
	const toLonLat =
		crsDef(epsg)!.kind === 'geographic' && epsg === 4326
			? (xy: readonly [number, number]) => xy
			: (xy: readonly [number, number]) => unproject(xy, epsg);
	let expected: Corners;
	try {
		expected = bboxCornersLonLat(body.sourceBbox, toLonLat);
	} catch {
		throw invalidPlace('La extensión declarada no se puede proyectar con su sistema de coordenadas.');
	}
	const off = Math.max(...expected.map((p, i) => distM(p, body.corners[i]!)));
	if (!(off <= CORNER_TOLERANCE_M))
		throw invalidPlace(
			`Las esquinas declaradas no corresponden a la extensión en ${body.sourceCrs} (diferencia ${Math.round(off)} m).`
		);
	if (epsg === 4326) return null; // lon/lat grids are bilinear in Mercator; see docs
	const e = imageQuadErrorM(body.sourceBbox, toLonLat);
	return Math.round(e * 1000) / 1000;
}

export interface RasterInfo extends Omit<RasterRecord, 'createdBy' | 'sha256'> {
	/** GET → the image (PNG or WebP), cached with an ETag. */
	image: string;
}

export function rasterInfo(r: RasterRecord): RasterInfo {
	const { createdBy: _c, sha256: _s, ...rest } = r;
	void _c;
	void _s;
	return { ...rest, image: `/api/rasters/${r.id}/image` };
}

export const etagOf = (r: RasterRecord) => `"${r.sha256.slice(0, 32)}"`;

/** GET /api/rasters — public list, newest first. */
export async function listRasters(): Promise<Response> {
	const list = await getRepository().rasters.list();
	return Response.json({ rasters: list.map(rasterInfo) }, { headers: { 'cache-control': 'no-cache' } });
}

/** POST /api/rasters/uploads — `{bytes}` → 201 `{uploadId, chunkBytes, bytes, expiresAt}`. */
export async function startRasterUpload(event: RequestEvent): Promise<Response> {
	const user = requireCapability(event.locals, 'feature:write');
	const body = parseOr400(
		z.object({ bytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict(),
		await readJson(event.request)
	);
	if (body.bytes > maxRasterBytes()) throw tooLarge();
	const s = await startUpload(user.id, body.bytes);
	return Response.json(
		{
			uploadId: s.id,
			bytes: s.bytes,
			chunkBytes: chunkBytes(),
			maxSidePx: MAX_SIDE_PX,
			expiresAt: new Date(s.createdAt + 3600_000).toISOString()
		},
		{ status: 201 }
	);
}

/** PUT /api/rasters/uploads/:uploadId?offset=N — one part (application/octet-stream). */
export async function putRasterChunk(event: RequestEvent): Promise<Response> {
	const user = requireCapability(event.locals, 'feature:write');
	const ct = event.request.headers.get('content-type') ?? '';
	if (!/^application\/octet-stream\s*(;|$)/i.test(ct))
		throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Se espera application/octet-stream.');
	const offset = Number(event.url.searchParams.get('offset') ?? 'NaN');
	if (!Number.isInteger(offset) || offset < 0)
		throw new ApiError(400, 'VALIDATION_ERROR', 'Falta el parámetro offset (entero ≥ 0).');
	const id = (event.params as Record<string, string | undefined>).uploadId ?? '';
	const s = await getUpload(id, user.id);
	const chunk = await readBodyBytes(event.request, chunkBytes());
	if (chunk.byteLength === 0) throw new ApiError(400, 'VALIDATION_ERROR', 'La parte está vacía.');
	const received = await appendChunk(id, user.id, offset, chunk, (h) => looksLikeImage(h) !== null);
	return Response.json({ uploadId: id, received, bytes: s.bytes, complete: received === s.bytes });
}

/** DELETE /api/rasters/uploads/:uploadId — abandon an upload. */
export async function abortRasterUpload(event: RequestEvent): Promise<Response> {
	const user = requireCapability(event.locals, 'feature:write');
	const id = (event.params as Record<string, string | undefined>).uploadId ?? '';
	await getUpload(id, user.id);
	await dropUpload(id);
	return new Response(null, { status: 204 });
}

/** POST /api/rasters — create from a complete upload; 201 {raster}. */
export async function createRaster(event: RequestEvent): Promise<Response> {
	const user = requireCapability(event.locals, 'feature:write');
	const body = parseOr400(createSchema, await readJson(event.request));
	const bytes = await readUpload(body.uploadId, user.id);
	try {
		return await createFromUpload(event, body, bytes);
	} catch (e) {
		// a bad image or a bad placement will not get better: the parts go (the wizard starts again)
		await dropUpload(body.uploadId);
		throw e;
	}
}

async function createFromUpload(
	event: RequestEvent,
	body: z.infer<typeof createSchema>,
	bytes: Uint8Array
): Promise<Response> {
	const img = sniffImage(bytes);
	const bbox = checkCorners(body.corners);
	// the image is the GeoTIFF, possibly downsampled: same aspect, never bigger
	if (img.width > body.sourceWidth || img.height > body.sourceHeight)
		throw invalidPlace('La imagen es más grande que el GeoTIFF declarado.');
	const aspect = (img.width / img.height) * (body.sourceHeight / body.sourceWidth);
	if (Math.abs(aspect - 1) > 0.02 + 2 / Math.min(img.width, img.height))
		throw invalidPlace('La proporción de la imagen no coincide con la del GeoTIFF declarado.');
	if (body.min !== undefined && body.max !== undefined && body.min > body.max)
		throw new ApiError(400, 'VALIDATION_ERROR', 'Datos inválidos: min > max.');
	const georefErrorM = georef(body);
	const epsg = parseEpsg(body.sourceCrs.replace(/^EPSG:/, ''));
	const metadata: RasterMetadata = {
		sourceFormat: 'geotiff',
		sourceWidth: body.sourceWidth,
		sourceHeight: body.sourceHeight,
		bands: body.bands,
		resolution: body.resolution,
		resolutionUnit: epsg !== null && crsDef(epsg)?.kind === 'geographic' ? '°' : 'm',
		...(body.sourceBbox ? { sourceBbox: body.sourceBbox } : {}),
		downsampled: img.width < body.sourceWidth || img.height < body.sourceHeight,
		...(body.kind === 'dem' && body.min !== undefined ? { min: body.min } : {}),
		...(body.kind === 'dem' && body.max !== undefined ? { max: body.max } : {}),
		...(body.noData !== undefined ? { noData: body.noData } : {}),
		georefErrorM,
		provenance: Object.fromEntries(Object.entries(body.provenance).filter(([, v]) => v)),
		warnings: body.warnings
	};
	const id = newRasterId();
	await publishUpload(body.uploadId, id, img.mime);
	try {
		const rec = await getRepository().rasters.create(
			{
				id,
				name: body.name,
				kind: body.kind,
				mime: img.mime,
				width: img.width,
				height: img.height,
				bytes: bytes.byteLength,
				sha256: createHash('sha256').update(bytes).digest('hex'),
				corners: body.corners,
				bbox,
				sourceFile: body.sourceFile,
				sourceCrs: body.sourceCrs,
				metadata
			},
			auditContext(event)
		);
		return Response.json(
			{ raster: rasterInfo(rec) },
			{ status: 201, headers: { location: `/api/rasters/${id}` } }
		);
	} catch (e) {
		await rm(imagePath(id, img.mime), { force: true });
		throw e;
	}
}

const notFound = () => new ApiError(404, 'RASTER_NOT_FOUND', 'No existe esa capa ráster.');

async function find(id: string | undefined): Promise<RasterRecord> {
	if (!id || !RASTER_ID.test(id)) throw notFound();
	const r = await getRepository().rasters.get(id);
	if (!r) throw notFound();
	return r;
}

/** GET /api/rasters/:id — the record. */
export async function getRaster(event: RequestEvent): Promise<Response> {
	return Response.json(rasterInfo(await find(event.params.id)), { headers: { 'cache-control': 'no-cache' } });
}

/** GET /api/rasters/:id/image — the image; the id is never reused, so it is immutable. */
export async function getRasterImage(event: RequestEvent): Promise<Response> {
	const r = await find(event.params.id);
	const etag = etagOf(r);
	const headers = { etag, 'cache-control': 'public, max-age=31536000, immutable' };
	if (event.request.headers.get('if-none-match') === etag)
		return new Response(null, { status: 304, headers });
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await readFile(imagePath(r.id, r.mime)));
	} catch {
		throw new ApiError(404, 'RASTER_IMAGE_MISSING', 'Falta el archivo de imagen de esta capa ráster.');
	}
	return new Response(bytes as Uint8Array<ArrayBuffer>, {
		headers: { ...headers, 'content-type': r.mime, 'content-length': String(bytes.byteLength) }
	});
}

/** DELETE /api/rasters/:id — comite/admin; ONE audit entry `raster.delete`; the file goes after the row. */
export async function deleteRaster(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:write');
	const r = await find(event.params.id);
	const gone = await getRepository().rasters.delete(r.id, auditContext(event));
	if (!gone) throw notFound();
	await rm(imagePath(r.id, r.mime), { force: true });
	return new Response(null, { status: 204 });
}
