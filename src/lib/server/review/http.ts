/**
 * Handlers of /api/interventions/:id/review, /comments and /evidence (issue 7). Staff only (comite, revisor,
 * admin): the review thread names people. The public sees approved works through /api/transparency.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { auditContext } from '../audit/context';
import { can, requireCapability } from '../auth/handle';
import { ApiError } from '../http/errors';
import { readJson } from '../http/body';
import { CONFLICT_MESSAGE } from '../http/features';
import { INTERVENTIONS_LAYER } from '../interventions/schema';
import { getRepository } from '../repo';
import type { StoredFeature } from '../repo/types';
import { parseOr400 } from '../schemas/common';
import { geometryDiff } from './diff';
import { allowedActions, planTransition, plannedFromHistory, REVIEW_STATE_LABELS } from './machine';
import { emptyReview } from './sqlite';
import { REVIEW_ACTIONS, type Evidence, type Review } from './types';

export function noStore(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

export function featureIdParam(event: Pick<RequestEvent, 'params'>): number {
	const raw = (event.params as Record<string, string>).id ?? '';
	if (!/^[1-9]\d{0,15}$/.test(raw)) throw new ApiError(404, 'FEATURE_NOT_FOUND', 'No existe esa obra.');
	return Number(raw);
}

export async function workOr404(id: number): Promise<StoredFeature> {
	const f = await getRepository().features.get(INTERVENTIONS_LAYER, id);
	if (!f) throw new ApiError(404, 'FEATURE_NOT_FOUND', 'No existe esa obra.');
	return f;
}

export function evidenceJson(e: Evidence, forPublic: boolean) {
	const base = {
		id: e.id,
		caption: e.caption,
		mime: e.mime,
		width: e.width,
		height: e.height,
		takenAt: forPublic ? (e.takenAt?.slice(0, 10) ?? null) : e.takenAt,
		url: `/api/evidence/${e.id}`,
		thumbUrl: `/api/evidence/${e.id}/thumb`
	};
	if (forPublic)
		return { ...base, point: e.locationPublic && e.lon !== null && e.lat !== null ? [e.lon, e.lat] : null };
	return {
		...base,
		featureId: e.featureId,
		filename: e.filename,
		size: e.size,
		sha256: e.sha256,
		point: e.lon !== null && e.lat !== null ? [e.lon, e.lat] : null,
		locationSource: e.locationSource,
		locationPublic: e.locationPublic,
		publicUrl: `/api/evidence/${e.id}?public=1`,
		uploadedBy: e.uploadedByName,
		createdAt: e.createdAt
	};
}

/** Everything the review page and the work page need about one work. */
export async function reviewDetail(locals: App.Locals, id: number) {
	const repo = getRepository();
	const feature = await workOr404(id);
	const stored = await repo.review.get(id);
	const review: Review = stored ?? emptyReview(id);
	let planned: { geometry: unknown; properties: unknown; version: number | null; source: string };
	if (stored?.submittedAt) {
		planned = {
			geometry: stored.plannedGeometry,
			properties: stored.plannedProperties,
			version: stored.plannedVersion,
			source: 'snapshot'
		};
	} else {
		const p = plannedFromHistory(await repo.audit.history('feature', String(id)));
		planned = { ...p, source: 'history' };
	}
	const diff = geometryDiff(planned.geometry as never, feature.geometry);
	const actor = locals.user ? { id: locals.user.id, role: locals.user.role } : null;
	return {
		review,
		stateLabel: REVIEW_STATE_LABELS[review.state],
		feature,
		planned,
		diff,
		changedSinceSubmit:
			review.submittedFeatureVersion !== null &&
			review.state !== 'aprobado' &&
			feature.version !== review.submittedFeatureVersion,
		changedSinceApproval:
			review.approvedFeatureVersion !== null && feature.version !== review.approvedFeatureVersion,
		thread: await repo.review.thread(id),
		evidence: (await repo.review.listEvidence(id)).map((e) => evidenceJson(e, false)),
		allowedActions: allowedActions(actor, stored, feature)
	};
}

export async function getReview(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:read_all');
	return noStore(await reviewDetail(event.locals, featureIdParam(event)));
}

const transitionSchema = z
	.object({
		action: z.enum(REVIEW_ACTIONS),
		reason: z.string().max(4000).optional(),
		version: z.number().int().min(0)
	})
	.strict();

export async function postReview(event: RequestEvent): Promise<Response> {
	const user = requireCapability(event.locals, 'feature:write', 'feature:publish');
	const id = featureIdParam(event);
	const body = parseOr400(transitionSchema, await readJson(event.request));
	const repo = getRepository();
	const history = body.action === 'submit' ? await repo.audit.history('feature', String(id)) : [];
	const r = await repo.review.transition(
		id,
		INTERVENTIONS_LAYER,
		body.version,
		(current, feature) =>
			planTransition(body.action, body.reason, { id: user.id, role: user.role }, current, feature, history),
		auditContext(event)
	);
	if (!r.ok) {
		if (r.reason === 'feature_not_found') throw new ApiError(404, 'FEATURE_NOT_FOUND', 'No existe esa obra.');
		throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current: r.current });
	}
	return noStore({
		review: r.value.review,
		stateLabel: REVIEW_STATE_LABELS[r.value.review.state],
		feature: { id: r.value.feature.id, status: r.value.feature.status, version: r.value.feature.version },
		entry: r.value.entry
	});
}

export async function getComments(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:read_all');
	const id = featureIdParam(event);
	await workOr404(id);
	return noStore({ comments: await getRepository().review.thread(id) });
}

const pointSchema = z.union([
	z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
	z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).strict()
]);
const commentSchema = z
	.object({
		text: z.string().trim().min(1, 'Escriba el comentario.').max(4000),
		point: pointSchema.nullish()
	})
	.strict();

export async function postComment(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:read_all');
	const id = featureIdParam(event);
	const body = parseOr400(commentSchema, await readJson(event.request));
	await workOr404(id);
	const p = body.point;
	const point: [number, number] | null = !p ? null : Array.isArray(p) ? [p[0], p[1]] : [p.lon, p.lat];
	const e = await getRepository().review.comment(id, body.text, point, auditContext(event));
	return noStore(e, 201);
}

/** Who may attach evidence: editors and reviewers. */
export function canAttach(locals: App.Locals): boolean {
	return can(locals, 'feature:write') || locals.user?.role === 'revisor';
}
