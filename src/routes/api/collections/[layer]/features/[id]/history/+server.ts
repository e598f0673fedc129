import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/server/auth/handle';
import { api, ApiError } from '$lib/server/http/errors';
import { params } from '$lib/server/http/features';
import { getRepository } from '$lib/server/repo';
import type { RequestHandler } from './$types';

/** Every audit row of one feature, oldest first (also after it was deleted). */
export const GET: RequestHandler = api(async (event) => {
	requireCapability(event.locals, 'feature:read_all');
	const { layer, id } = params(event);
	const rows = (await getRepository().audit.history('feature', String(id))).filter((r) => r.layer === layer);
	if (rows.length === 0) throw new ApiError(404, 'FEATURE_NOT_FOUND', 'No hay historial para ese elemento.');
	return json(
		{
			layer,
			id,
			entries: rows.map((r) => ({
				auditId: r.id,
				at: r.at,
				action: r.action,
				actor: { id: r.actorId, username: r.actorUsername, role: r.actorRole },
				before: r.before,
				after: r.after
			}))
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
});
