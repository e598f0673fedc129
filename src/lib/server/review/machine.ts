/**
 * Review state machine for executed works (issue 7, docs/decisions/080-review-workflow.md). Pure: no I/O.
 *
 *   borrador ──submit──▶ enviado ──observe──▶ observado ──fix──▶ subsanado ──approve──▶ aprobado
 *                           │  └──approve──▶ aprobado            │  └──observe──▶ observado
 *                           └──reject──▶ rechazado ◀──reject──────┘ (also from observado)
 *   rechazado | aprobado ──reopen──▶ borrador
 *
 * submit / fix / reopen: roles with feature:write (comite, admin). observe / approve / reject: role `revisor`
 * only, and never on a submission of their own. Generic feature status: aprobado ⇒ publicado, else borrador.
 */
import type { Geometry } from 'geojson';
import { roleCan, type Role } from '../auth/roles';
import { ApiError } from '../http/errors';
import type { AuditEntry, FeatureStatus, StoredFeature } from '../repo/types';
import type { Review, ReviewAction, ReviewState, TransitionPlan } from './types';

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
	borrador: 'Borrador',
	enviado: 'Enviado a revisión',
	observado: 'Observado',
	subsanado: 'Subsanado',
	aprobado: 'Aprobado',
	rechazado: 'Rechazado'
};

export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
	submit: 'Enviar a revisión',
	observe: 'Observar',
	fix: 'Marcar subsanado',
	approve: 'Aprobar',
	reject: 'Rechazar',
	reopen: 'Reabrir'
};

interface Rule {
	from: readonly ReviewState[];
	to: ReviewState;
	who: 'editor' | 'revisor';
	reasonRequired: boolean;
}

export const REVIEW_RULES: Record<ReviewAction, Rule> = {
	submit: { from: ['borrador'], to: 'enviado', who: 'editor', reasonRequired: false },
	observe: { from: ['enviado', 'subsanado'], to: 'observado', who: 'revisor', reasonRequired: true },
	fix: { from: ['observado'], to: 'subsanado', who: 'editor', reasonRequired: true },
	approve: { from: ['enviado', 'subsanado'], to: 'aprobado', who: 'revisor', reasonRequired: true },
	reject: {
		from: ['enviado', 'observado', 'subsanado'],
		to: 'rechazado',
		who: 'revisor',
		reasonRequired: true
	},
	reopen: { from: ['rechazado', 'aprobado'], to: 'borrador', who: 'editor', reasonRequired: true }
};

export interface ReviewActor {
	id: number;
	role: Role;
}

export function featureStatusFor(state: ReviewState): FeatureStatus {
	return state === 'aprobado' ? 'publicado' : 'borrador';
}

function roleAllowed(rule: Rule, actor: ReviewActor): boolean {
	return rule.who === 'revisor' ? actor.role === 'revisor' : roleCan(actor.role, 'feature:write');
}

/** Why `actor` may not do `action` now (a stable code), or null when allowed. */
export function refusal(
	action: ReviewAction,
	actor: ReviewActor,
	review: Pick<Review, 'state' | 'submittedBy'> | null,
	feature?: Pick<StoredFeature, 'properties'>
): { status: number; code: string; message: string } | null {
	const rule = REVIEW_RULES[action];
	const state = review?.state ?? 'borrador';
	if (!roleAllowed(rule, actor))
		return {
			status: 403,
			code: 'REVIEW_FORBIDDEN_ROLE',
			message:
				rule.who === 'revisor'
					? 'Solo un revisor puede observar, aprobar o rechazar.'
					: 'Solo el Comité (o un administrador) puede enviar, subsanar o reabrir.'
		};
	if (!rule.from.includes(state))
		return {
			status: 409,
			code: 'REVIEW_INVALID_TRANSITION',
			message: `No se puede «${REVIEW_ACTION_LABELS[action]}» una obra en estado «${REVIEW_STATE_LABELS[state]}».`
		};
	if (rule.who === 'revisor' && review?.submittedBy !== null && review?.submittedBy === actor.id)
		return {
			status: 403,
			code: 'REVIEW_OWN_SUBMISSION',
			message: 'Nadie puede revisar ni aprobar su propio envío.'
		};
	if (action === 'submit' && feature && feature.properties.state !== 'ejecutada')
		return {
			status: 422,
			code: 'REVIEW_NOT_EXECUTED',
			message: 'Solo se envían a revisión obras en estado «ejecutada».'
		};
	return null;
}

/** Actions `actor` may take now (for buttons; the server decides again on POST). */
export function allowedActions(
	actor: ReviewActor | null,
	review: Pick<Review, 'state' | 'submittedBy'> | null,
	feature?: Pick<StoredFeature, 'properties'>
): ReviewAction[] {
	if (!actor) return [];
	return (Object.keys(REVIEW_RULES) as ReviewAction[]).filter((a) => !refusal(a, actor, review, feature));
}

/** Planned geometry: the last stored version (feature history, oldest first) whose state was 'planificada'. */
export function plannedFromHistory(history: readonly AuditEntry[]): {
	geometry: Geometry | null;
	properties: Record<string, unknown> | null;
	version: number | null;
} {
	for (let i = history.length - 1; i >= 0; i--) {
		const after = history[i]!.after as
			{ geometry?: Geometry; properties?: Record<string, unknown>; version?: number } | null | undefined;
		if (after?.properties?.state === 'planificada' && after.geometry)
			return { geometry: after.geometry, properties: after.properties, version: after.version ?? null };
	}
	return { geometry: null, properties: null, version: null };
}

/** The plan for the store, or an ApiError thrown (nothing is written). */
export function planTransition(
	action: ReviewAction,
	reasonRaw: string | undefined,
	actor: ReviewActor,
	current: Review | null,
	feature: StoredFeature,
	history: readonly AuditEntry[]
): TransitionPlan {
	const r = refusal(action, actor, current, feature);
	if (r) throw new ApiError(r.status, r.code, r.message, { state: current?.state ?? 'borrador' });
	const rule = REVIEW_RULES[action];
	const reason = (reasonRaw ?? '').trim();
	if (rule.reasonRequired && reason.length === 0)
		throw new ApiError(
			422,
			'REVIEW_REASON_REQUIRED',
			'Escriba el motivo (quién, cuándo y por qué quedan registrados).'
		);
	const plan: TransitionPlan = {
		action,
		to: rule.to,
		reason: reason || 'Enviado a revisión.',
		featureStatus: featureStatusFor(rule.to)
	};
	if (action === 'submit') {
		const p = plannedFromHistory(history);
		plan.submit = { plannedGeometry: p.geometry, plannedProperties: p.properties, plannedVersion: p.version };
	}
	if (action === 'approve') plan.approve = true;
	return plan;
}
