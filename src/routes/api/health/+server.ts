import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/errors';
import { getRepository } from '$lib/server/repo';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async () => {
	const repo = getRepository();
	return json(
		{ ok: true, db: repo.kind, schemaVersion: await repo.schemaVersion() },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
