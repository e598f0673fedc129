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
import { parseJsonBytes, readBodyBytes, requireJsonContentType } from '../http/body';

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

/** Reads a JSON (optionally `Content-Encoding: gzip`) body with the import caps. */
export async function readImportJson(request: Request): Promise<unknown> {
	requireJsonContentType(request);
	const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
	if (encoding !== 'identity' && encoding !== 'gzip')
		throw new ApiError(415, 'UNSUPPORTED_ENCODING', 'Codificación no admitida (use gzip o ninguna).');
	if (!request.body) throw new ApiError(400, 'INVALID_JSON', 'Falta el cuerpo JSON de la solicitud.');
	let raw: Uint8Array = await readBodyBytes(request, maxImportBytes(), tooLarge);
	if (encoding === 'gzip') {
		try {
			raw = gunzipSync(raw, { maxOutputLength: maxImportJsonBytes() });
		} catch (e) {
			if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
			throw new ApiError(400, 'INVALID_BODY', 'El cuerpo comprimido (gzip) está dañado.');
		}
	}
	return parseJsonBytes(raw);
}
