import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/server/auth/handle';
import { api } from '$lib/server/http/errors';
import { getRepository } from '$lib/server/repo';
import { auditQuerySchema, parseOr400 } from '$lib/server/schemas';
import type { RequestHandler } from './$types';

/** Audit log, newest first. Filters: actor, action, entityType, entityId, layer, from, to; keyset `before`. */
export const GET: RequestHandler = api(async ({ locals, url }) => {
	requireCapability(locals, 'audit:read');
	const q = parseOr400(auditQuerySchema, Object.fromEntries(url.searchParams), 'INVALID_QUERY');
	const repo = getRepository();
	const entries = await repo.audit.list({
		actorUsername: q.actor,
		action: q.action,
		entityType: q.entityType,
		entityId: q.entityId,
		layer: q.layer,
		from: q.from,
		to: q.to,
		beforeId: q.before,
		limit: q.limit
	});
	const last = entries[entries.length - 1];
	return json(
		{ entries, nextBefore: entries.length === q.limit && last ? last.id : null },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
