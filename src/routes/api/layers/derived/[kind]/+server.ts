import { api, ApiError } from '$lib/server/http/errors';
import { requireCapability } from '$lib/server/auth/handle';
import { readImportJson } from '$lib/server/imports/body';
import { auditContext } from '$lib/server/audit/context';
import { AUDIT_ACTIONS } from '$lib/server/audit/actions';
import { getRepository } from '$lib/server/repo';
import { readDemRecord } from '$lib/server/terrain/dem';
import {
	DERIVABLE,
	restoreDerivedLayer,
	writeDerivedLayer,
	type DerivableKind
} from '$lib/server/terrain/derived';
import { refreshInterventionWarnings } from '$lib/server/interventions/refreshWarnings';
import type { RequestHandler } from './$types';

/** admin: replace the `quebradas` or `microcuenca` layer with one derived from the installation's DEM. */
function derivableKind(kind: string): DerivableKind {
	if (!(DERIVABLE as readonly string[]).includes(kind))
		throw new ApiError(404, 'LAYER_NOT_DERIVABLE', 'Solo las quebradas y la microcuenca se derivan del DEM.');
	return kind as DerivableKind;
}

/** interventions' stored OUTSIDE_MICROCUENCA warnings depend on the microcuenca (decision 112) */
const refreshFor = (kind: DerivableKind, event: Parameters<RequestHandler>[0]) =>
	kind === 'microcuenca'
		? refreshInterventionWarnings(getRepository(), {}, { cause: 'microcuenca_layer' }, auditContext(event))
		: Promise.resolve(undefined);

export const PUT: RequestHandler = api(async (event) => {
	const user = requireCapability(event.locals, 'terrain:manage');
	const kind = derivableKind(event.params.kind);
	const dem = await readDemRecord();
	if (!dem) throw new ApiError(409, 'DEM_MISSING', 'No hay DEM cargado del que derivar la capa.');
	// a whole DEM's streams exceed the generic 512 KiB JSON cap: gzip and the import caps, like the import wizard
	const body = (await readImportJson(event.request)) as {
		data?: unknown;
		parameters?: Record<string, unknown>;
	};
	const params = body && typeof body.parameters === 'object' && body.parameters ? body.parameters : {};
	const res = await writeDerivedLayer(kind, body?.data, dem, params, user.username);
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
	const warningsRefreshed = await refreshFor(kind, event);
	return Response.json({
		kind,
		...res,
		illustrative: dem.synthetic,
		...(warningsRefreshed ? { warningsRefreshed } : {})
	});
});

/** admin: undo the derivation — the layer that was there before (or the illustrative one) comes back. */
export const DELETE: RequestHandler = api(async (event) => {
	requireCapability(event.locals, 'terrain:manage');
	const kind = derivableKind(event.params.kind);
	const res = await restoreDerivedLayer(kind);
	await getRepository().audit.record(
		{
			action: AUDIT_ACTIONS.layerDerive,
			entityType: 'layer',
			entityId: kind,
			layer: kind,
			before: { derived: true },
			after: { restored: res.restored }
		},
		auditContext(event)
	);
	const warningsRefreshed = await refreshFor(kind, event);
	return Response.json({ kind, ...res, ...(warningsRefreshed ? { warningsRefreshed } : {}) });
});
