/**
 * Issue 7 storage interface: reviews of executed works (state machine in `machine.ts`), the review thread,
 * evidence photos and project documents. Implemented by `sqlite.ts`; every mutation writes its audit row in
 * the same transaction.
 */
import type { Geometry } from 'geojson';
import type { AuditContext, FeatureStatus, StoredFeature } from '../repo/types';

export const REVIEW_STATES = [
	'borrador',
	'enviado',
	'observado',
	'subsanado',
	'aprobado',
	'rechazado'
] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const REVIEW_ACTIONS = ['submit', 'observe', 'fix', 'approve', 'reject', 'reopen'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** What was approved: shown on the public page even if the work is edited afterwards. */
export interface ApprovedSnapshot {
	geometry: Geometry;
	properties: Record<string, unknown>;
	featureVersion: number;
}

export interface Review {
	featureId: number;
	state: ReviewState;
	/** Optimistic version of the review row (0 = no review row yet). */
	version: number;
	submittedBy: number | null;
	submittedByName: string | null;
	submittedAt: string | null;
	plannedGeometry: Geometry | null;
	plannedProperties: Record<string, unknown> | null;
	plannedVersion: number | null;
	submittedFeatureVersion: number | null;
	approvedSnapshot: ApprovedSnapshot | null;
	approvedFeatureVersion: number | null;
	approvedBy: number | null;
	approvedAt: string | null;
	updatedBy: number | null;
	updatedAt: string | null;
}

export interface ThreadEntry {
	id: number;
	featureId: number;
	kind: 'comment' | 'transition';
	action: ReviewAction | null;
	fromState: ReviewState | null;
	toState: ReviewState | null;
	text: string;
	/** [lon, lat] when pinned to the map. */
	point: [number, number] | null;
	authorId: number | null;
	authorUsername: string | null;
	authorRole: string | null;
	createdAt: string;
}

/** The change a transition makes, decided by the state machine from the current review and feature. */
export interface TransitionPlan {
	action: ReviewAction;
	to: ReviewState;
	reason: string;
	/** Generic feature status after the transition. */
	featureStatus: FeatureStatus;
	/** Set on submit: a new snapshot of the planned geometry and the submitter. */
	submit?: {
		plannedGeometry: Geometry | null;
		plannedProperties: Record<string, unknown> | null;
		plannedVersion: number | null;
	};
	/** Set on approve. */
	approve?: boolean;
}

export interface TransitionResult {
	review: Review;
	feature: StoredFeature;
	entry: ThreadEntry;
}

export interface Evidence {
	id: number;
	featureId: number;
	filename: string;
	mime: 'image/jpeg' | 'image/png';
	size: number;
	sha256: string;
	width: number | null;
	height: number | null;
	hasThumb: boolean;
	caption: string | null;
	lon: number | null;
	lat: number | null;
	locationSource: 'exif' | 'exif-browser' | 'manual' | null;
	takenAt: string | null;
	locationPublic: boolean;
	uploadedBy: number | null;
	uploadedByName: string | null;
	createdAt: string;
}

export type NewEvidence = Omit<Evidence, 'id' | 'uploadedBy' | 'uploadedByName' | 'createdAt'>;

export interface ProjectDocument {
	id: number;
	projectId: string;
	filename: string;
	mime: 'application/pdf' | 'image/jpeg' | 'image/png';
	size: number;
	sha256: string;
	title: string | null;
	uploadedBy: number | null;
	uploadedByName: string | null;
	createdAt: string;
}

export type NewProjectDocument = Omit<ProjectDocument, 'id' | 'uploadedBy' | 'uploadedByName' | 'createdAt'>;

export interface ReviewStore {
	get(featureId: number): Promise<Review | null>;
	list(states?: readonly ReviewState[]): Promise<Review[]>;
	/**
	 * Runs `decide(current review or null, current feature)` inside ONE write transaction, then stores the
	 * review, changes the feature's status when needed (audited `feature.update`, version + 1), appends the
	 * thread entry and the `review.transition` audit row. `decide` throws to refuse (nothing is written).
	 * `expectedVersion` is the review version the client read (0 = no review yet).
	 */
	transition(
		featureId: number,
		layer: string,
		expectedVersion: number,
		decide: (current: Review | null, feature: StoredFeature) => TransitionPlan,
		ctx: AuditContext
	): Promise<
		| { ok: true; value: TransitionResult }
		| { ok: false; reason: 'feature_not_found' }
		| { ok: false; reason: 'conflict'; current: Review }
	>;
	thread(featureId: number): Promise<ThreadEntry[]>;
	comment(
		featureId: number,
		text: string,
		point: [number, number] | null,
		ctx: AuditContext
	): Promise<ThreadEntry>;
	listEvidence(featureId: number): Promise<Evidence[]>;
	getEvidence(id: number): Promise<Evidence | null>;
	/** Inserts the row and calls `writeFiles(id)` inside the transaction (a throw rolls the row back). */
	addEvidence(meta: NewEvidence, writeFiles: (id: number) => void, ctx: AuditContext): Promise<Evidence>;
	removeEvidence(id: number, ctx: AuditContext): Promise<Evidence | null>;
	listDocuments(projectId: string): Promise<ProjectDocument[]>;
	getDocument(id: number): Promise<ProjectDocument | null>;
	addDocument(
		meta: NewProjectDocument,
		writeFile: (id: number) => void,
		ctx: AuditContext
	): Promise<ProjectDocument>;
	removeDocument(id: number, ctx: AuditContext): Promise<ProjectDocument | null>;
	/** ISO time of the latest review change (for "last update" on the public page). */
	lastChange(): Promise<string | null>;
}
