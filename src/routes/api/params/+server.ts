import { json } from '@sveltejs/kit';
import {
	INTERVENTION_STATE_LABELS,
	INTERVENTION_STATES,
	INTERVENTION_TYPE_DEFS,
	INTERVENTION_TYPES,
	PARAM_DEFS
} from '$lib/geo/interventions';
import { api } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** Intervention types with their documented, editable parameter defaults (ParamDefs: unit, range, source). */
export const GET: RequestHandler = api(async () => {
	const types = Object.fromEntries(
		INTERVENTION_TYPES.map((t) => [t, { ...INTERVENTION_TYPE_DEFS[t], params: PARAM_DEFS[t] }])
	);
	return json(
		{ types, states: INTERVENTION_STATES, stateLabels: INTERVENTION_STATE_LABELS },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
