import { ApiError } from './errors';

/** Request body cap for JSON APIs and forms: `YAKU_MAX_BODY_BYTES` (default 512 KiB). */
export function maxBodyBytes(env: Record<string, string | undefined> = process.env): number {
	const n = Number(env.YAKU_MAX_BODY_BYTES);
	return Number.isFinite(n) && n > 0 ? Math.floor(n) : 512 * 1024;
}

export const MAX_JSON_DEPTH = 32;

function tooLarge(): ApiError {
	return new ApiError(413, 'BODY_TOO_LARGE', 'El cuerpo de la solicitud es demasiado grande.');
}

function depthOf(v: unknown, limit: number): number {
	// Iterative, so a hostile document cannot blow the stack here.
	let max = 0;
	const stack: [unknown, number][] = [[v, 1]];
	while (stack.length) {
		const [x, d] = stack.pop()!;
		if (x === null || typeof x !== 'object') continue;
		if (d > max) max = d;
		if (max > limit) return max;
		for (const c of Array.isArray(x) ? x : Object.values(x))
			if (c !== null && typeof c === 'object') stack.push([c, d + 1]);
	}
	return max;
}

/** Throws 415 unless the request declares a JSON body. */
export function requireJsonContentType(request: Request): void {
	const ct = request.headers.get('content-type') ?? '';
	if (!/^application\/(.+\+)?json\s*(;|$)/i.test(ct))
		throw new ApiError(
			415,
			'UNSUPPORTED_MEDIA_TYPE',
			'Se espera un cuerpo JSON (Content-Type: application/json).'
		);
}

/**
 * Reads a request body with a hard byte cap, streamed, so a lying or missing Content-Length does not help.
 * `tooBig` builds the 413 error (routes word it for their own limits).
 */
export async function readBodyBytes(
	request: Request,
	limit: number,
	tooBig: () => ApiError = tooLarge
): Promise<Uint8Array> {
	const len = Number(request.headers.get('content-length'));
	if (Number.isFinite(len) && len > limit) throw tooBig();
	if (!request.body) throw new ApiError(400, 'INVALID_BODY', 'Falta el cuerpo de la solicitud.');
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
				throw tooBig();
			}
			chunks.push(value);
		}
	} catch (e) {
		if (e instanceof ApiError) throw e;
		if ((e as { status?: number })?.status === 413) throw tooBig();
		throw new ApiError(400, 'INVALID_BODY', 'No se pudo leer el cuerpo de la solicitud.');
	}
	return Buffer.concat(chunks);
}

/** UTF-8 JSON text → value, with a nesting-depth cap. Codes INVALID_JSON, JSON_TOO_DEEP. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new ApiError(400, 'INVALID_JSON', 'El cuerpo no es UTF-8 válido.');
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new ApiError(400, 'INVALID_JSON', 'El cuerpo no es JSON válido.');
	}
	if (depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
		throw new ApiError(
			400,
			'JSON_TOO_DEEP',
			`El JSON tiene más de ${MAX_JSON_DEPTH} niveles de anidamiento.`
		);
	return value;
}

/**
 * Reads a JSON body with a hard byte cap, a content-type check and a nesting-depth cap. Throws ApiError with
 * codes BODY_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, INVALID_JSON, JSON_TOO_DEEP.
 */
export async function readJson(request: Request, limit = maxBodyBytes()): Promise<unknown> {
	requireJsonContentType(request);
	if (!request.body) throw new ApiError(400, 'INVALID_JSON', 'Falta el cuerpo JSON de la solicitud.');
	return parseJsonBytes(await readBodyBytes(request, limit));
}
