import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/server/auth/handle';
import { api } from '$lib/server/http/errors';
import { getRepository } from '$lib/server/repo';
import type { RequestHandler } from './$types';

/** Recomputes the audit hash chain: `{ ok, rows, brokenAt }`. */
export const GET: RequestHandler = api(async ({ locals }) => {
	requireCapability(locals, 'audit:read');
	return json(await getRepository().audit.verifyChain(), { headers: { 'cache-control': 'no-store' } });
});
