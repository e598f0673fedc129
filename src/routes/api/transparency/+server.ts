import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/errors';
import { getRepository } from '$lib/server/repo';
import { buildTransparency } from '$lib/server/review/reports';
import type { RequestHandler } from './$types';

/** Public: approved works (as approved), project totals, money and hectares, last update. No personal data. */
export const GET: RequestHandler = api(async () =>
	json(await buildTransparency(getRepository()), { headers: { 'cache-control': 'public, max-age=60' } })
);
