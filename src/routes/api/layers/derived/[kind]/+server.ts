import { api, ApiError } from '$lib/server/http/errors';
import { requireCapability } from '$lib/server/auth/handle';
import { readJson } from '$lib/server/http/body';
import { auditContext } from '$lib/server/audit/context';
import { AUDIT_ACTIONS } from '$lib/server/audit/actions';
import { getRepository } from '$lib/server/repo';
import { readDemRecord } from '$lib/server/terrain/dem';
import { DERIVABLE, writeDerivedLayer, type DerivableKind } from '$lib/server/terrain/derived';
import type { RequestHandler } from './$types';

/** admin: replace the `quebradas` or `microcuenca` layer with one derived from the installation's DEM. */
export const PUT: RequestHandler = api(async (event) => {
	const user = requireCapability(event.locals, 'terrain:manage');
	const kind = event.params.kind;
	if (!(DERIVABLE as readonly string[]).includes(kind))
		throw new ApiError(404, 'LAYER_NOT_DERIVABLE', 'Solo las quebradas y la microcuenca se derivan del DEM.');
	const dem = await readDemRecord();
	if (!dem) throw new ApiError(409, 'DEM_MISSING', 'No hay DEM cargado del que derivar la capa.');
	const body = (await readJson(event.request)) as { data?: unknown; parameters?: Record<string, unknown> };
	const params = body && typeof body.parameters === 'object' && body.parameters ? body.parameters : {};
	const res = await writeDerivedLayer(kind as DerivableKind, body?.data, dem, params, user.username);
	await getRepository().audit.record(
		{
			action: AUDIT_ACTIONS.layerDerive,
			entityType: 'layer',
			entityId: kind,
			layer: kind,
			before: null,
			after: { dem: dem.name, synthetic: dem.synthetic, parameters: params, featureCount: res.featureCount }
		},
		auditContext(event)
	);
	return Response.json({ kind, ...res, illustrative: dem.synthetic });
});
