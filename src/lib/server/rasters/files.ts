/**
 * Files of stored rasters: `<dataDir>/rasters/<id>.<png|webp>` and chunked upload sessions in
 * `<dataDir>/rasters/uploads/<uploadId>.{json,part}` (expire after 1 h; ≤ 3 open per user). Server-only.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dataDir } from '../geodata/paths';
import { ApiError } from '../http/errors';
import { maxBodyBytes } from '../http/body';
import type { RasterMime } from './types';

export const UPLOAD_TTL_MS = 60 * 60 * 1000;
export const MAX_OPEN_UPLOADS_PER_USER = 3;

/** Largest stored image (`YAKU_MAX_RASTER_BYTES`, default 32 MiB). */
export function maxRasterBytes(env: Record<string, string | undefined> = process.env): number {
	const n = Number(env.YAKU_MAX_RASTER_BYTES);
	return Number.isFinite(n) && n > 0 ? Math.floor(n) : 32 * 1024 * 1024;
}

/** Chunk size: under both the app's body cap and adapter-node's default BODY_SIZE_LIMIT (512 KiB). */
export function chunkBytes(): number {
	return Math.min(maxBodyBytes(), 512 * 1024);
}

export const rastersDir = () => join(dataDir(), 'rasters');
const uploadsDir = () => join(rastersDir(), 'uploads');
const ext = (mime: RasterMime) => (mime === 'image/webp' ? 'webp' : 'png');
export const imagePath = (id: string, mime: RasterMime) => join(rastersDir(), `${id}.${ext(mime)}`);

export const UPLOAD_ID = /^u[0-9a-f]{24}$/;
export const RASTER_ID = /^r[0-9a-f]{16}$/;

export interface UploadSession {
	id: string;
	userId: number;
	bytes: number;
	createdAt: number;
}

export const tooLarge = (max = maxRasterBytes()) =>
	new ApiError(
		413,
		'RASTER_TOO_LARGE',
		`La imagen ráster supera el máximo de ${Math.round(max / 1024 / 1024)} MiB.`,
		{ maxBytes: max }
	);

const notFound = () =>
	new ApiError(404, 'RASTER_UPLOAD_NOT_FOUND', 'La subida no existe, expiró o es de otro usuario.');

async function sweep(): Promise<UploadSession[]> {
	let names: string[];
	try {
		names = await readdir(uploadsDir());
	} catch {
		return [];
	}
	const open: UploadSession[] = [];
	for (const n of names) {
		if (!n.endsWith('.json')) continue;
		const id = n.slice(0, -5);
		try {
			const s = JSON.parse(await readFile(join(uploadsDir(), n), 'utf8')) as UploadSession;
			if (Date.now() - s.createdAt > UPLOAD_TTL_MS) await dropUpload(id);
			else open.push(s);
		} catch {
			await dropUpload(id);
		}
	}
	return open;
}

export async function startUpload(userId: number, bytes: number): Promise<UploadSession> {
	if (bytes > maxRasterBytes()) throw tooLarge();
	const open = (await sweep()).filter((s) => s.userId === userId);
	if (open.length >= MAX_OPEN_UPLOADS_PER_USER)
		throw new ApiError(
			429,
			'RASTER_UPLOADS_BUSY',
			`Tiene ${open.length} subidas sin terminar; espere a que terminen o expiren (1 hora).`
		);
	await mkdir(uploadsDir(), { recursive: true });
	const s: UploadSession = {
		id: `u${randomBytes(12).toString('hex')}`,
		userId,
		bytes,
		createdAt: Date.now()
	};
	await writeFile(join(uploadsDir(), `${s.id}.part`), new Uint8Array());
	await writeFile(join(uploadsDir(), `${s.id}.json`), JSON.stringify(s));
	return s;
}

export async function getUpload(id: string, userId: number): Promise<UploadSession & { received: number }> {
	if (!UPLOAD_ID.test(id)) throw notFound();
	let s: UploadSession;
	let received: number;
	try {
		s = JSON.parse(await readFile(join(uploadsDir(), `${id}.json`), 'utf8')) as UploadSession;
		received = (await stat(join(uploadsDir(), `${id}.part`))).size;
	} catch {
		throw notFound();
	}
	if (s.userId !== userId || Date.now() - s.createdAt > UPLOAD_TTL_MS) throw notFound();
	return { ...s, received };
}

const busy = new Set<string>();

/** Appends one chunk at `offset` (must equal what was received so far: resumable, never overlapping). */
export async function appendChunk(
	id: string,
	userId: number,
	offset: number,
	chunk: Uint8Array,
	sniff: (head: Uint8Array) => boolean
): Promise<number> {
	if (busy.has(id))
		throw new ApiError(409, 'RASTER_UPLOAD_BUSY', 'Otra parte de esta subida se está escribiendo.');
	busy.add(id);
	try {
		const s = await getUpload(id, userId);
		if (offset !== s.received)
			throw new ApiError(409, 'RASTER_UPLOAD_OFFSET', 'La parte no continúa donde quedó la subida.', {
				received: s.received
			});
		if (s.received + chunk.byteLength > s.bytes) throw tooLarge(s.bytes);
		if (offset === 0 && !sniff(chunk))
			throw new ApiError(
				415,
				'RASTER_NOT_IMAGE',
				'Solo se guardan imágenes PNG o WebP (el asistente convierte el GeoTIFF).'
			);
		await appendFile(join(uploadsDir(), `${id}.part`), chunk);
		return s.received + chunk.byteLength;
	} finally {
		busy.delete(id);
	}
}

/** The complete upload's bytes (throws 409 RASTER_UPLOAD_INCOMPLETE if parts are missing). */
export async function readUpload(id: string, userId: number): Promise<Uint8Array> {
	const s = await getUpload(id, userId);
	if (s.received !== s.bytes)
		throw new ApiError(409, 'RASTER_UPLOAD_INCOMPLETE', 'Faltan partes de la imagen por subir.', {
			received: s.received,
			bytes: s.bytes
		});
	return new Uint8Array(await readFile(join(uploadsDir(), `${id}.part`)));
}

/** Moves a complete upload to its final place. */
export async function publishUpload(uploadId: string, id: string, mime: RasterMime): Promise<void> {
	await mkdir(rastersDir(), { recursive: true });
	await rename(join(uploadsDir(), `${uploadId}.part`), imagePath(id, mime));
	await rm(join(uploadsDir(), `${uploadId}.json`), { force: true });
}

export async function dropUpload(id: string): Promise<void> {
	await rm(join(uploadsDir(), `${id}.part`), { force: true });
	await rm(join(uploadsDir(), `${id}.json`), { force: true });
}

export const newRasterId = () => `r${randomBytes(8).toString('hex')}`;
