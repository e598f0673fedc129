/** Client-side shapes of the issue 7 review API (GET /api/interventions/:id/review and page loads). */
import type { Geometry } from 'geojson';

export type ReviewState = 'borrador' | 'enviado' | 'observado' | 'subsanado' | 'aprobado' | 'rechazado';
export type ReviewAction = 'submit' | 'observe' | 'fix' | 'approve' | 'reject' | 'reopen';

export const REVIEW_STATE_ES: Record<ReviewState, string> = {
	borrador: 'Borrador',
	enviado: 'Enviado a revisión',
	observado: 'Observado',
	subsanado: 'Subsanado',
	aprobado: 'Aprobado',
	rechazado: 'Rechazado'
};
export const REVIEW_ACTION_ES: Record<ReviewAction, string> = {
	submit: 'Enviar a revisión',
	observe: 'Observar',
	fix: 'Marcar subsanado',
	approve: 'Aprobar',
	reject: 'Rechazar',
	reopen: 'Reabrir'
};

export interface ThreadEntryView {
	id: number;
	kind: 'comment' | 'transition';
	action: ReviewAction | null;
	fromState: ReviewState | null;
	toState: ReviewState | null;
	text: string;
	point: [number, number] | null;
	authorUsername: string | null;
	authorRole: string | null;
	createdAt: string;
}

export interface EvidenceView {
	id: number;
	caption: string | null;
	filename?: string;
	url: string;
	thumbUrl: string;
	publicUrl?: string;
	point: [number, number] | null;
	locationSource?: string | null;
	locationPublic?: boolean;
	takenAt: string | null;
	uploadedBy?: string | null;
	width: number | null;
	height: number | null;
}

export interface DiffView {
	kind: 'polygon' | 'line' | 'point' | 'none';
	plannedHa: number | null;
	executedHa: number | null;
	diffHa: number | null;
	plannedLengthM: number | null;
	executedLengthM: number | null;
	added: Geometry | null;
	addedHa: number;
	removed: Geometry | null;
	removedHa: number;
	identical: boolean;
}

export interface ReviewDetailView {
	review: {
		featureId: number;
		state: ReviewState;
		version: number;
		submittedByName: string | null;
		submittedAt: string | null;
		approvedAt: string | null;
	};
	stateLabel: string;
	feature: {
		id: number;
		geometry: Geometry;
		properties: Record<string, unknown>;
		status: string;
		version: number;
		updatedAt: string;
	};
	planned: { geometry: Geometry | null; version: number | null; source: string };
	diff: DiffView;
	changedSinceSubmit: boolean;
	changedSinceApproval: boolean;
	thread: ThreadEntryView[];
	evidence: EvidenceView[];
	allowedActions: ReviewAction[];
}

export interface HistoryView {
	id: number;
	at: string;
	actorUsername: string | null;
	action: string;
	version: number | null;
	state: string | null;
	status: string | null;
}
