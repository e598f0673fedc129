import type { Handle } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { maxBodyBytes } from './body';
import { IMPORT_BODY_PATH, maxImportBytes } from '../imports/body';
import { jsonError } from './errors';
import { mutationsByIp } from './rate-limit';

const DERIVED_LAYER_PATH = /^\/api\/layers\/derived\//;

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths whose responses depend on the user and must never be cached or framed. */
const PRIVATE_PATH =
	/^\/(admin|login|logout|cuenta)(\/|$)|^\/api\/(collections|users|audit|session|account|projects|settings|interventions|params|imports)(\/|$)/;

/** `locals.requestId` + `x-request-id` header; ties log lines and audit rows to one request. */
export const requestIdHandle: Handle = async ({ event, resolve }) => {
	event.locals.requestId = randomUUID();
	const res = await resolve(event);
	res.headers.set('x-request-id', event.locals.requestId);
	return res;
};

export const securityHeadersHandle: Handle = async ({ event, resolve }) => {
	const res = await resolve(event);
	const h = res.headers;
	if (!h.has('x-content-type-options')) h.set('x-content-type-options', 'nosniff');
	if (!h.has('referrer-policy')) h.set('referrer-policy', 'same-origin');
	if (PRIVATE_PATH.test(event.url.pathname)) {
		if (!h.has('cache-control')) h.set('cache-control', 'no-store');
		h.set('x-frame-options', 'DENY');
	}
	return res;
};

/**
 * Rejects cross-site state-changing requests of ANY content type (SvelteKit's own check covers only form
 * content types). A mutating request must carry `Origin` equal to the app's origin, or — when a browser
 * omits Origin — `Sec-Fetch-Site: same-origin`. Requests with neither are refused too.
 */
export const originCheckHandle: Handle = async ({ event, resolve }) => {
	if (SAFE_METHODS.has(event.request.method)) return resolve(event);
	const origin = event.request.headers.get('origin');
	const site = event.request.headers.get('sec-fetch-site');
	if (origin !== null) {
		if (origin !== event.url.origin)
			return jsonError(403, 'CSRF_ORIGIN_MISMATCH', 'Solicitud rechazada: proviene de otro sitio.');
	} else if (site !== 'same-origin') {
		return jsonError(
			403,
			'CSRF_ORIGIN_MISSING',
			'Solicitud rechazada: falta la cabecera Origin en una solicitud que modifica datos.'
		);
	}
	if (site !== null && site !== 'same-origin' && site !== 'none')
		return jsonError(403, 'CSRF_ORIGIN_MISMATCH', 'Solicitud rechazada: proviene de otro sitio.');
	return resolve(event);
};

/** Early 413 on a declared Content-Length over the cap (streamed bodies are capped again in readJson). */
export const bodyLimitHandle: Handle = async ({ event, resolve }) => {
	if (!SAFE_METHODS.has(event.request.method)) {
		const len = Number(event.request.headers.get('content-length'));
		// the import routes take larger (gzip) bodies, capped again in readImportJson (issue 6)
		// so do the DEM-derived layers (a whole DEM's streams), capped again in their route (issue 8)
		const big = IMPORT_BODY_PATH.test(event.url.pathname) || DERIVED_LAYER_PATH.test(event.url.pathname);
		const cap = big ? maxImportBytes() : maxBodyBytes();
		if (Number.isFinite(len) && len > cap)
			return jsonError(413, 'BODY_TOO_LARGE', 'El cuerpo de la solicitud es demasiado grande.');
	}
	return resolve(event);
};

/** Coarse per-address cap on state-changing requests (`YAKU_RATE_LIMIT_MUTATIONS_PER_MIN`). */
export const mutationRateLimitHandle: Handle = async ({ event, resolve }) => {
	if (!SAFE_METHODS.has(event.request.method)) {
		let ip = 'unknown';
		try {
			ip = event.getClientAddress();
		} catch {
			/* no address available */
		}
		const wait = mutationsByIp.hit(ip);
		if (wait > 0)
			return jsonError(
				429,
				'RATE_LIMITED',
				'Demasiadas solicitudes. Espere un momento.',
				{ retryAfter: wait },
				{ 'retry-after': String(wait) }
			);
	}
	return resolve(event);
};
