import { api } from '$lib/server/http/errors';
import { summaryJson } from '$lib/server/interventions/summaryHttp';
import type { RequestHandler } from './$types';

/** Totals by type, state, project, community, ZEE zone; planned vs executed. Anonymous: published only. */
export const GET: RequestHandler = api(summaryJson);
