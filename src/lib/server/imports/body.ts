/**
 * Request bodies of the import routes (`POST /api/imports/layers`, `POST /api/interventions/bulk`):
 * larger than the general 512 KiB cap, optionally gzip-compressed by the browser (CompressionStream).
 *
 * - `YAKU_MAX_IMPORT_BYTES` (default 16 MiB): cap of the body AS SENT (compressed or not) on these routes
 *   only. adapter-node's `BODY_SIZE_LIMIT` (default 512K) applies first to every request: raise it to at
 *   least this value when imports above 512 KiB compressed are expected (e.g. BODY_SIZE_LIMIT=16M).
 * - `YAKU_MAX_IMPORT_JSON_BYTES` (default 64 MiB): cap of the decompressed JSON (gzip bombs).
 */
import { gunzipSync } from 'node:zlib';
import { ApiError } from '../http/errors';
import { MAX_JSON_DEPTH } from '../http/body';

export const IMPORT_BODY_PATH = /^\/api\/(imports\/layers|interventions\/bulk)\/?$/;

export function maxImportBytes(env: Record<string, string | undefined> = process.env): number {
	const n = Number(env.YAKU_MAX_IMPORT_BYTES);
	return Number.isFinite(n) && n > 0 ? Math.floor(n) : 16 * 1024 * 1024;
}

export function maxImportJsonBytes(env: Record<string, string | undefined> = process.env): number {
	const n = Number(env.YAKU_MAX_IMPORT_JSON_BYTES);
	return Number.isFinite(n) && n > 0 ? Math.floor(n) : 64 * 1024 * 1024;
}

const tooLarge = () =>
	new ApiError(
		413,
		'BODY_TOO_LARGE',
		'La importación es demasiado grande para enviarla de una vez: divida el archivo o pida al administrador que aumente el límite (YAKU_MAX_IMPORT_BYTES y BODY_SIZE_LIMIT).'
	);

function depthOver(v: unknown, limit: number): boolean {
	const stack: [unknown, number][] = [[v, 1]];
	while (stack.length) {
		const [x, d] = stack.pop()!;
		if (x === null || typeof x !== 'object') continue;
		if (d > limit) return true;
		for (const c of Array.isArray(x) ? x : Object.values(x))
			if (c !== null && typeof c === 'object') stack.push([c, d + 1]);
	}
	return false;
}

/** Reads a JSON (optionally `Content-Encoding: gzip`) body with the import caps. */
export async function readImportJson(request: Request): Promise<unknown> {
	const ct = request.headers.get('content-type') ?? '';
	if (!/^application\/(.+\+)?json\s*(;|$)/i.test(ct))
		throw new ApiError(
			415,
			'UNSUPPORTED_MEDIA_TYPE',
			'Se espera un cuerpo JSON (Content-Type: application/json).'
		);
	const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
	if (encoding !== 'identity' && encoding !== 'gzip')
		throw new ApiError(415, 'UNSUPPORTED_ENCODING', 'Codificación no admitida (use gzip o ninguna).');
	const limit = maxImportBytes();
	const len = Number(request.headers.get('content-length'));
	if (Number.isFinite(len) && len > limit) throw tooLarge();
	if (!request.body) throw new ApiError(400, 'INVALID_JSON', 'Falta el cuerpo JSON de la solicitud.');
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > limit) {
				await reader.cancel().catch(() => {});
				throw tooLarge();
			}
			chunks.push(value);
		}
	} catch (e) {
		if (e instanceof ApiError) throw e;
		if ((e as { status?: number })?.status === 413) throw tooLarge();
		throw new ApiError(400, 'INVALID_BODY', 'No se pudo leer el cuerpo de la solicitud.');
	}
	let raw = Buffer.concat(chunks);
	if (encoding === 'gzip') {
		try {
			raw = gunzipSync(raw, { maxOutputLength: maxImportJsonBytes() });
		} catch (e) {
			if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
			throw new ApiError(400, 'INVALID_BODY', 'El cuerpo comprimido (gzip) está dañado.');
		}
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
	} catch {
		throw new ApiError(400, 'INVALID_JSON', 'El cuerpo no es UTF-8 válido.');
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new ApiError(400, 'INVALID_JSON', 'El cuerpo no es JSON válido.');
	}
	if (depthOver(value, MAX_JSON_DEPTH))
		throw new ApiError(
			400,
			'JSON_TOO_DEEP',
			`El JSON tiene más de ${MAX_JSON_DEPTH} niveles de anidamiento.`
		);
	return value;
}
