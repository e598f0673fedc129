/** Page loads of issue 7 (server side): work page, review queue. */
import { error } from '@sveltejs/kit';
import type { ReviewDetailView } from '../../components/review/types';
import { can } from '../auth/handle';
import { ApiError } from '../http/errors';
import { INTERVENTIONS_LAYER } from '../interventions/schema';
import { getRepository } from '../repo';
import { canAttach, reviewDetail } from './http';
import { REVIEW_STATE_LABELS } from './machine';
import type { ReviewState } from './types';

export async function workPageData(locals: App.Locals, rawId: string) {
	if (!can(locals, 'feature:read_all')) error(403, 'Su rol no permite ver obras en revisión.');
	if (!/^[1-9]\d{0,15}$/.test(rawId)) error(404, 'No existe esa obra.');
	const id = Number(rawId);
	try {
		const detail = await reviewDetail(locals, id);
		const history = (await getRepository().audit.history('feature', String(id))).map((h) => {
			const a = (h.after ?? h.before) as {
				properties?: { state?: string };
				status?: string;
				version?: number;
			} | null;
			return {
				id: h.id,
				at: h.at,
				actorUsername: h.actorUsername,
				action: h.action,
				version: a?.version ?? null,
				state: a?.properties?.state ?? null,
				status: a?.status ?? null
			};
		});
		return {
			detail: JSON.parse(JSON.stringify(detail)) as ReviewDetailView,
			history,
			canAttach: canAttach(locals)
		};
	} catch (e) {
		if (e instanceof ApiError && e.status === 404) error(404, 'No existe esa obra.');
		throw e;
	}
}

export interface QueueRow {
	id: number;
	name: string | null;
	type: string;
	community: string | null;
	projectId: string | null;
	state: ReviewState;
	stateLabel: string;
	submittedBy: string | null;
	submittedAt: string | null;
	updatedAt: string | null;
}

/** Reviews by state group for /revision: waiting for a revisor, waiting for the Comité, decided. */
export async function reviewQueue() {
	const repo = getRepository();
	const rows: QueueRow[] = [];
	for (const r of await repo.review.list()) {
		const f = await repo.features.get(INTERVENTIONS_LAYER, r.featureId);
		if (!f) continue;
		const p = f.properties;
		rows.push({
			id: r.featureId,
			name: typeof p.name === 'string' ? p.name : null,
			type: String(p.type ?? ''),
			community: typeof p.community === 'string' ? p.community : null,
			projectId: typeof p.projectId === 'string' ? p.projectId : null,
			state: r.state,
			stateLabel: REVIEW_STATE_LABELS[r.state],
			submittedBy: r.submittedByName,
			submittedAt: r.submittedAt,
			updatedAt: r.updatedAt
		});
	}
	const by = (states: ReviewState[]) =>
		rows
			.filter((r) => states.includes(r.state))
			.sort((a, b) => (a.updatedAt ?? '').localeCompare(b.updatedAt ?? ''));
	return {
		pending: by(['enviado', 'subsanado']),
		waiting: by(['observado']),
		decided: by(['aprobado', 'rechazado']).reverse().slice(0, 50)
	};
}
