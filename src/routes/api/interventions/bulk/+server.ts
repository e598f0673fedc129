import { api } from '$lib/server/http/errors';
import { bulkInterventions } from '$lib/server/imports/http';

/** POST /api/interventions/bulk — many interventions in ONE transaction with ONE audit entry. */
export const POST = api(bulkInterventions);
