import { json, type RequestEvent } from '@sveltejs/kit';
import { RepoError } from '../repo/types';

/** Every API error body: `{ code, message }` (+ optional fields such as `current` or `issues`). */
export interface ApiErrorBody {
	code: string;
	message: string;
	[k: string]: unknown;
}

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly extra: Record<string, unknown> = {}
	) {
		super(message);
	}
}

export function jsonError(
	status: number,
	code: string,
	message: string,
	extra: Record<string, unknown> = {},
	headers: Record<string, string> = {}
): Response {
	const body: ApiErrorBody = { ...extra, code, message };
	return json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

const REPO_STATUS: Record<string, number> = {
	USERNAME_TAKEN: 409,
	LAST_ADMIN: 409,
	PROJECT_ID_TAKEN: 409,
	PROJECT_CODE_TAKEN: 409,
	PROJECT_IN_USE: 409,
	// Issue 10: a store not yet ported to PostgreSQL/PostGIS.
	POSTGIS_NOT_IMPLEMENTED: 501
};

/** Turns anything thrown in a handler into a safe `{code, message}` response — never a stack trace. */
export function toErrorResponse(e: unknown, event?: Pick<RequestEvent, 'locals'>): Response {
	if (e instanceof ApiError) return jsonError(e.status, e.code, e.message, e.extra);
	if (e instanceof RepoError) return jsonError(REPO_STATUS[e.code] ?? 400, e.code, e.message);
	const status = (e as { status?: unknown })?.status;
	if (status === 413)
		return jsonError(413, 'BODY_TOO_LARGE', 'El cuerpo de la solicitud es demasiado grande.');
	const requestId = event?.locals.requestId;
	console.error(`[yaku] error interno${requestId ? ` (${requestId})` : ''}:`, e);
	return jsonError(500, 'INTERNAL', 'Error interno del servidor.', requestId ? { requestId } : {});
}

/** Wraps a +server.ts handler so every failure becomes `{code, message}`. */
export function api<E extends RequestEvent>(
	fn: (event: E) => Promise<Response>
): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await fn(event);
		} catch (e) {
			return toErrorResponse(e, event);
		}
	};
}
