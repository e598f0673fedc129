import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { authorizeHandle, sessionHandle } from '$lib/server/auth/handle';
import {
	bodyLimitHandle,
	mutationRateLimitHandle,
	originCheckHandle,
	requestIdHandle,
	securityHeadersHandle
} from '$lib/server/http/handles';
import { startServer } from '$lib/server/repo/startup';
import { warmTileIndexes } from '$lib/server/tiles';

/** Opens and migrates the database before the first request; refuses to start on a too-new database. */
export const init: ServerInit = async () => {
	if (building) return;
	await startServer();
	warmTileIndexes();
};

const ensureStarted: Handle = async ({ event, resolve }) => {
	if (!building) await startServer();
	return resolve(event);
};

/**
 * Each step is a small Handle from $lib/server; add yours to the list (order: cheap rejections first,
 * then session, then authorization).
 */
export const handle: Handle = sequence(
	requestIdHandle,
	securityHeadersHandle,
	originCheckHandle,
	bodyLimitHandle,
	mutationRateLimitHandle,
	ensureStarted,
	sessionHandle,
	authorizeHandle
);

/** Unexpected errors: logged with the request id, shown without stack or input. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`[yaku] error ${status} (${event.locals.requestId ?? '-'}):`, error);
	return {
		message: status === 404 ? 'No encontrado.' : 'Error interno del servidor.',
		code: status === 404 ? 'NOT_FOUND' : 'INTERNAL'
	};
};
