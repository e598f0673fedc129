import { api } from '$lib/server/http/errors';
import { summaryCsvResponse } from '$lib/server/interventions/summaryHttp';
import type { RequestHandler } from './$types';

/** `?by=type|state|project|community|zee&sep=;|,` + summary filters → CSV (UTF-8 with BOM). */
export const GET: RequestHandler = api(summaryCsvResponse);
