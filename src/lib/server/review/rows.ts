/**
 * Row types and pure row → object mapping of the issue 7 tables, shared by the SQLite (`./sqlite.ts`) and
 * PostGIS (`../repo/postgres/review.ts`) stores: from schema 3 on, JSON documents are TEXT in both dialects
 * and flags are 0/1 integers, so a row reads the same from either driver. Also the pure pieces of a
 * transition (which columns change, what the audit rows say), so both stores write identical rows.
 */
import type { Geometry } from 'geojson';
import { AUDIT_ACTIONS } from '../audit/actions';
import type { AuditRecord, StoredFeature } from '../repo/types';
import { featureAudit } from '../repo/rows';
import type {
	ApprovedSnapshot,
	Evidence,
	ProjectDocument,
	Review,
	ReviewState,
	ThreadEntry,
	TransitionPlan
} from './types';

export interface ReviewRow {
	feature_id: number;
	state: ReviewState;
	version: number;
	submitted_by: number | null;
	submitted_by_name: string | null;
	submitted_at: string | null;
	planned_geometry: string | null;
	planned_properties: string | null;
	planned_version: number | null;
	submitted_feature_version: number | null;
	approved_snapshot: string | null;
	approved_feature_version: number | null;
	approved_by: number | null;
	approved_at: string | null;
	updated_by: number | null;
	updated_at: string | null;
}

export interface CommentRow {
	id: number;
	feature_id: number;
	kind: ThreadEntry['kind'];
	action: ThreadEntry['action'];
	from_state: ReviewState | null;
	to_state: ReviewState | null;
	text: string;
	lon: number | null;
	lat: number | null;
	author_id: number | null;
	author_username: string | null;
	author_role: string | null;
	created_at: string;
}

export interface EvidenceRow {
	id: number;
	feature_id: number;
	filename: string;
	mime: Evidence['mime'];
	size: number;
	sha256: string;
	width: number | null;
	height: number | null;
	has_thumb: number;
	caption: string | null;
	lon: number | null;
	lat: number | null;
	location_source: Evidence['locationSource'];
	taken_at: string | null;
	location_public: number;
	uploaded_by: number | null;
	uploaded_by_name: string | null;
	created_at: string;
}

export interface DocumentRow {
	id: number;
	project_id: string;
	filename: string;
	mime: ProjectDocument['mime'];
	size: number;
	sha256: string;
	title: string | null;
	uploaded_by: number | null;
	uploaded_by_name: string | null;
	created_at: string;
}

const j = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

export function toReview(r: ReviewRow): Review {
	return {
		featureId: r.feature_id,
		state: r.state,
		version: r.version,
		submittedBy: r.submitted_by,
		submittedByName: r.submitted_by_name,
		submittedAt: r.submitted_at,
		plannedGeometry: j<Geometry>(r.planned_geometry),
		plannedProperties: j<Record<string, unknown>>(r.planned_properties),
		plannedVersion: r.planned_version,
		submittedFeatureVersion: r.submitted_feature_version,
		approvedSnapshot: j<ApprovedSnapshot>(r.approved_snapshot),
		approvedFeatureVersion: r.approved_feature_version,
		approvedBy: r.approved_by,
		approvedAt: r.approved_at,
		updatedBy: r.updated_by,
		updatedAt: r.updated_at
	};
}

export function toEntry(r: CommentRow): ThreadEntry {
	return {
		id: r.id,
		featureId: r.feature_id,
		kind: r.kind,
		action: r.action,
		fromState: r.from_state,
		toState: r.to_state,
		text: r.text,
		point: r.lon === null || r.lat === null ? null : [r.lon, r.lat],
		authorId: r.author_id,
		authorUsername: r.author_username,
		authorRole: r.author_role,
		createdAt: r.created_at
	};
}

export function toEvidence(r: EvidenceRow): Evidence {
	return {
		id: r.id,
		featureId: r.feature_id,
		filename: r.filename,
		mime: r.mime,
		size: r.size,
		sha256: r.sha256,
		width: r.width,
		height: r.height,
		hasThumb: r.has_thumb === 1,
		caption: r.caption,
		lon: r.lon,
		lat: r.lat,
		locationSource: r.location_source,
		takenAt: r.taken_at,
		locationPublic: r.location_public === 1,
		uploadedBy: r.uploaded_by,
		uploadedByName: r.uploaded_by_name,
		createdAt: r.created_at
	};
}

export function toDocument(r: DocumentRow): ProjectDocument {
	return {
		id: r.id,
		projectId: r.project_id,
		filename: r.filename,
		mime: r.mime,
		size: r.size,
		sha256: r.sha256,
		title: r.title,
		uploadedBy: r.uploaded_by,
		uploadedByName: r.uploaded_by_name,
		createdAt: r.created_at
	};
}

/** The same SELECTs in both dialects. */
export const REVIEW_SELECT = `SELECT r.*, u.username AS submitted_by_name FROM reviews r
	LEFT JOIN users u ON u.id = r.submitted_by`;
export const EVIDENCE_SELECT = `SELECT e.*, u.username AS uploaded_by_name FROM evidence e
	LEFT JOIN users u ON u.id = e.uploaded_by`;
export const DOCUMENT_SELECT = `SELECT d.*, u.username AS uploaded_by_name FROM project_documents d
	LEFT JOIN users u ON u.id = d.uploaded_by`;

/** Column order of an `evidence` INSERT (after which come uploaded_by and created_at). */
export const EVIDENCE_COLUMNS = `feature_id, filename, mime, size, sha256, width, height, has_thumb, caption, lon,
	lat, location_source, taken_at, location_public, uploaded_by, created_at`;

export function evidenceValues(m: Omit<Evidence, 'id' | 'uploadedBy' | 'uploadedByName' | 'createdAt'>) {
	return [
		m.featureId,
		m.filename,
		m.mime,
		m.size,
		m.sha256,
		m.width,
		m.height,
		m.hasThumb ? 1 : 0,
		m.caption,
		m.lon,
		m.lat,
		m.locationSource,
		m.takenAt,
		m.locationPublic ? 1 : 0
	];
}

/**
 * Every column a transition sets on the review row (`version = version + 1` is added by the caller when
 * the row existed before), with its value: each dialect only writes its own placeholders.
 */
export function reviewAssignments(
	plan: TransitionPlan,
	f: StoredFeature,
	actorId: number | null,
	now: string
): [column: string, value: string | number | null][] {
	const out: [string, string | number | null][] = [
		['state', plan.to],
		['updated_by', actorId],
		['updated_at', now]
	];
	if (plan.submit) {
		const s = plan.submit;
		out.push(
			['submitted_by', actorId],
			['submitted_at', now],
			['planned_geometry', s.plannedGeometry ? JSON.stringify(s.plannedGeometry) : null],
			['planned_properties', s.plannedProperties ? JSON.stringify(s.plannedProperties) : null],
			['planned_version', s.plannedVersion],
			['submitted_feature_version', f.version]
		);
	}
	if (plan.action === 'fix' && !plan.submit) out.push(['submitted_feature_version', f.version]);
	if (plan.approve) {
		const approved: ApprovedSnapshot = {
			geometry: f.geometry,
			properties: f.properties,
			featureVersion: f.version
		};
		out.push(
			['approved_snapshot', JSON.stringify(approved)],
			['approved_feature_version', f.version],
			['approved_by', actorId],
			['approved_at', now]
		);
	}
	return out;
}

/** The `feature.update` audit row of a transition that changes the feature's status. */
export const featureStatusAudit = (layer: string, before: StoredFeature, after: StoredFeature): AuditRecord =>
	featureAudit(layer, before, after);

/** The `review.transition` audit row. */
export function transitionAudit(
	featureId: number,
	layer: string,
	from: ReviewState,
	fromVersion: number,
	plan: TransitionPlan,
	review: Review
): AuditRecord {
	return {
		action: AUDIT_ACTIONS.reviewTransition,
		entityType: 'review',
		entityId: String(featureId),
		layer,
		before: { state: from, version: fromVersion },
		after: { state: plan.to, version: review.version, action: plan.action, reason: plan.reason }
	};
}

/** The thread entry a transition appends. */
export function transitionEntry(from: ReviewState, plan: TransitionPlan) {
	return {
		kind: 'transition' as const,
		action: plan.action,
		fromState: from,
		toState: plan.to,
		text: plan.reason,
		point: null
	};
}

export const commentAudit = (featureId: number, e: ThreadEntry): AuditRecord => ({
	action: AUDIT_ACTIONS.reviewComment,
	entityType: 'review',
	entityId: String(featureId),
	after: { commentId: e.id, text: e.text, point: e.point }
});

export const evidenceUploadAudit = (e: Evidence): AuditRecord => ({
	action: AUDIT_ACTIONS.evidenceUpload,
	entityType: 'evidence',
	entityId: String(e.id),
	after: { ...e, uploadedByName: undefined }
});

export const evidenceDeleteAudit = (e: Evidence): AuditRecord => ({
	action: AUDIT_ACTIONS.evidenceDelete,
	entityType: 'evidence',
	entityId: String(e.id),
	before: e
});

export const documentUploadAudit = (d: ProjectDocument): AuditRecord => ({
	action: AUDIT_ACTIONS.projectDocumentUpload,
	entityType: 'project',
	entityId: d.projectId,
	after: { documentId: d.id, filename: d.filename, mime: d.mime, size: d.size, sha256: d.sha256 }
});

export const documentDeleteAudit = (d: ProjectDocument): AuditRecord => ({
	action: AUDIT_ACTIONS.projectDocumentDelete,
	entityType: 'project',
	entityId: d.projectId,
	before: { documentId: d.id, filename: d.filename, sha256: d.sha256 }
});

export function emptyReview(featureId: number): Review {
	return {
		featureId,
		state: 'borrador',
		version: 0,
		submittedBy: null,
		submittedByName: null,
		submittedAt: null,
		plannedGeometry: null,
		plannedProperties: null,
		plannedVersion: null,
		submittedFeatureVersion: null,
		approvedSnapshot: null,
		approvedFeatureVersion: null,
		approvedBy: null,
		approvedAt: null,
		updatedBy: null,
		updatedAt: null
	};
}
