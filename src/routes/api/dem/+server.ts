import { api, ApiError } from '$lib/server/http/errors';
import { requireCapability } from '$lib/server/auth/handle';
import { maxBodyBytes, readBodyBytes } from '$lib/server/http/body';
import { auditContext } from '$lib/server/audit/context';
import { AUDIT_ACTIONS } from '$lib/server/audit/actions';
import { getRepository } from '$lib/server/repo';
import { deleteDem, readDemBytes, readDemRecord, storeDem } from '$lib/server/terrain/dem';
import type { RequestHandler } from './$types';

const missing = () =>
	new ApiError(
		404,
		'DEM_MISSING',
		'Esta instalación aún no tiene un modelo de elevación (DEM). Un administrador puede cargarlo en la pestaña «Terreno».'
	);

/** The packed DEM (application/octet-stream; see $lib/geo/raster/demPack), for every user. */
export const GET: RequestHandler = api(async ({ request }) => {
	const rec = await readDemRecord();
	const bytes = rec ? await readDemBytes() : null;
	if (!rec || !bytes) throw missing();
	const etag = `"${rec.sha256.slice(0, 32)}"`;
	if (request.headers.get('if-none-match') === etag)
		return new Response(null, { status: 304, headers: { etag } });
	return new Response(bytes as Uint8Array<ArrayBuffer>, {
		headers: { 'content-type': 'application/octet-stream', etag, 'cache-control': 'no-cache' }
	});
});

/** admin: replace the installation's DEM with a packed one (the browser reads and crops the user's files). */
export const PUT: RequestHandler = api(async (event) => {
	const user = requireCapability(event.locals, 'terrain:manage');
	const ct = event.request.headers.get('content-type') ?? '';
	if (!/^application\/octet-stream\s*(;|$)/i.test(ct))
		throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Se espera application/octet-stream.');
	const bytes = await readBodyBytes(event.request, maxBodyBytes());
	const before = await readDemRecord();
	const rec = await storeDem(bytes, user.username);
	await getRepository().audit.record(
		{ action: AUDIT_ACTIONS.demReplace, entityType: 'dem', entityId: 'dem', before, after: rec },
		auditContext(event)
	);
	return Response.json(rec, { status: 200 });
});

export const DELETE: RequestHandler = api(async (event) => {
	requireCapability(event.locals, 'terrain:manage');
	const before = await readDemRecord();
	if (!before) throw missing();
	await deleteDem();
	await getRepository().audit.record(
		{ action: AUDIT_ACTIONS.demDelete, entityType: 'dem', entityId: 'dem', before, after: null },
		auditContext(event)
	);
	return new Response(null, { status: 204 });
});
