import { AUDIT_ACTION_LIST } from '$lib/server/audit/actions';
import { requirePage } from '$lib/server/http/forms';
import { getRepository } from '$lib/server/repo';
import { auditQuerySchema } from '$lib/server/schemas';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePage(locals, 'audit:read');
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
	const parsed = auditQuerySchema.safeParse({ limit: 50, ...raw });
	const q = parsed.success ? parsed.data : auditQuerySchema.parse({ limit: 50 });
	// Dates from <input type="date"> cover whole days.
	const to = q.to && /^\d{4}-\d{2}-\d{2}$/.test(q.to) ? `${q.to}T23:59:59.999Z` : q.to;
	const entries = await getRepository().audit.list({
		actorUsername: q.actor,
		action: q.action,
		entityType: q.entityType,
		entityId: q.entityId,
		layer: q.layer,
		from: q.from,
		to,
		beforeId: q.before,
		limit: q.limit
	});
	const last = entries[entries.length - 1];
	return {
		filters: {
			actor: q.actor ?? '',
			action: q.action ?? '',
			entityType: q.entityType ?? '',
			entityId: q.entityId ?? '',
			layer: q.layer ?? '',
			from: q.from ?? '',
			to: q.to ?? ''
		},
		invalidFilters: !parsed.success,
		actions: AUDIT_ACTION_LIST,
		entries: entries.map((e) => ({
			...e,
			before: e.before === null ? null : JSON.stringify(e.before),
			after: e.after === null ? null : JSON.stringify(e.after)
		})),
		nextBefore: entries.length === q.limit && last ? last.id : null
	};
};
